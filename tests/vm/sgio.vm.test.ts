// Scenario (e): TEST UNIT READY and INQUIRY (standard, VPD 0x83) through
// SG_IO on scsi_debug and LIO paths, against sg3-utils and udev.
import { beforeAll, describe, expect, test } from "bun:test";
import { type VmResult, runVm, section } from "./harness.ts";

type Probe = {
  dev: string; turOk?: boolean; vpd83?: string; wwid?: string | null; error?: string;
  inquiry?: { vendor: string; product: string; revision: string; tpgs: number };
};
let r: VmResult;
let disks: string[];
beforeAll(async () => {
  r = await runVm(String.raw`
scsi_debug_paths 2 1 1
lio_lun lun0 16 1
DISKS=$(ls /sys/block | grep ^sd)
run disks echo $DISKS
run probe bun /mpathbox/tests/vm/probes/sg.ts $DISKS
for d in $DISKS; do
  run "vpd-$d" sh -c "sg_vpd --page=0x83 --raw /dev/$d | od -An -tx1 | tr -d ' \n'"
  run "turs-$d" sg_turs /dev/$d
  run "inq-$d" sg_inq /dev/$d
  run "serial-$d" udevadm info -q property --property=ID_SERIAL --value /dev/$d
done
OFF=$(scsi_debug_disks | head -1)
path_offline $OFF
run off-disk echo $OFF
run off-probe bun /mpathbox/tests/vm/probes/sg.ts $OFF
run off-turs sg_turs /dev/$OFF
`, { timeoutMs: 300_000 });
  disks = section(r, "disks").out.trim().split(" ");
}, 320_000);

const probes = (name: string) => section(r, name).out.trim().split("\n").map((l) => JSON.parse(l) as Probe);

describe("(e) SG_IO", () => {
  test("three disks: two scsi_debug paths and one LIO LUN", () => {
    expect(disks).toHaveLength(3);
  });
  test("VPD page 0x83 bytes equal sg_vpd's raw page", () => {
    for (const p of probes("probe")) {
      expect(p.error).toBeUndefined();
      expect(p.vpd83).toBe(section(r, `vpd-${p.dev}`).out.trim());
      expect(p.vpd83!.length).toBeGreaterThan(16);
    }
  });
  test("the WWID from VPD 0x83 equals udev's ID_SERIAL", () => {
    for (const p of probes("probe")) expect(p.wwid).toBe(section(r, `serial-${p.dev}`).out.trim());
  });
  test("standard INQUIRY vendor/product/revision equal sg_inq's", () => {
    for (const p of probes("probe")) {
      const inq = section(r, `inq-${p.dev}`).out;
      expect(inq).toContain(`Vendor identification: ${p.inquiry!.vendor}`);
      expect(inq).toContain(`Product identification: ${p.inquiry!.product}`);
      expect(inq).toContain(`Product revision level: ${p.inquiry!.revision}`);
      expect(inq).toMatch(new RegExp(`TPGS=${p.inquiry!.tpgs}`));
    }
  });
  test("TEST UNIT READY agrees with sg_turs, up and offline", () => {
    for (const p of probes("probe")) {
      expect(p.turOk).toBe(true);
      expect(section(r, `turs-${p.dev}`).rc).toBe(0);
    }
    const off = probes("off-probe")[0]!;
    expect(section(r, "off-turs").rc).not.toBe(0);
    // an offline device refuses the open or fails the command
    expect(off.error !== undefined || off.turOk === false).toBe(true);
  });
});
