// VM probe for SG_IO: TEST UNIT READY, standard INQUIRY and VPD 0x83 on
// each sd disk named on the command line; one JSON line per disk.
import { sgIo, sgOk, withSgDevice } from "../../../src/io/sg.ts";
import { inquiry, testUnitReady } from "../../../src/scsi/commands.ts";
import { parseSense } from "../../../src/scsi/sense.ts";
import { parseStandardInquiry, wwidFromVpd83 } from "../../../src/scsi/vpd.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
for (const dev of process.argv.slice(2)) {
  try {
    const out = withSgDevice(`/dev/${dev}`, (fd) => {
      const tur = sgIo(fd, testUnitReady(5000));
      const std = sgIo(fd, inquiry());
      const vpd = sgIo(fd, inquiry(0x83, 4096));
      const len = vpd.data.length >= 4 ? 4 + ((vpd.data[2]! << 8) | vpd.data[3]!) : 0;
      return {
        dev, turOk: sgOk(tur), turSense: parseSense(tur.sense), inquiry: parseStandardInquiry(std.data),
        vpd83: hex(vpd.data.subarray(0, len)), wwid: wwidFromVpd83(vpd.data, len).wwid ?? null,
      };
    });
    console.log(JSON.stringify(out));
  } catch (e) {
    console.log(JSON.stringify({ dev, error: (e as Error).message }));
  }
}
