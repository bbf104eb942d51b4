import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scsiTransport } from "../../../src/discovery/scsiTransport.ts";

const sys = mkdtempSync(join(tmpdir(), "sys-"));
afterAll(() => rmSync(sys, { recursive: true, force: true }));
const mk = (rel: string, files: Record<string, string> = {}) => {
  const d = join(sys, rel);
  mkdirSync(d, { recursive: true });
  for (const [f, v] of Object.entries(files)) writeFileSync(join(d, f), v + "\n");
  return d;
};

describe("SCSI transport from sysfs ancestry", () => {
  test("FC: rport parent, node_name from fc_remote_ports", () => {
    const dev = mk("devices/pci0000:00/0000:00:03.0/host5/rport-5:0-2/target5:0:1/5:0:1:3");
    mk("class/fc_remote_ports/rport-5:0-2", { node_name: "0x20000024ff7e8a1c" });
    expect(scsiTransport(dev, sys)).toEqual({ protocol: "fcp", tgtNodeName: "0x20000024ff7e8a1c", transportId: 2 });
  });
  test("iSCSI: session ancestor, targetname from iscsi_session", () => {
    const dev = mk("devices/platform/host7/session3/target7:0:0/7:0:0:1");
    mk("class/iscsi_session/session3", { targetname: "iqn.2003-01.org.linux-iscsi.tgt:sn.1" });
    expect(scsiTransport(dev, sys)).toEqual({ protocol: "iscsi", tgtNodeName: "iqn.2003-01.org.linux-iscsi.tgt:sn.1", transportId: 3 });
  });
  test("SAS: sas_address on the device and an end_device ancestor", () => {
    const dev = mk("devices/pci0000:00/host2/port-2:0/end_device-2:0/target2:0:0/2:0:0:0", { sas_address: "0x5000c500a1b2c3d4" });
    expect(scsiTransport(dev, sys)).toEqual({ protocol: "sas", tgtNodeName: "0x5000c500a1b2c3d4", transportId: 0 });
  });
  test("libata: ataN ancestor", () => {
    const dev = mk("devices/pci0000:00/0000:00:1f.2/ata4/host3/target3:0:0/3:0:0:0");
    expect(scsiTransport(dev, sys)).toEqual({ protocol: "ata", tgtNodeName: "ata-4.00", transportId: 4 });
  });
  test("USB: an ancestor in the usb subsystem", () => {
    const usb = mk("devices/pci0000:00/usb1/1-1/1-1:1.0");
    mk("bus/usb");
    symlinkSync(join(sys, "bus/usb"), join(usb, "subsystem"));
    const dev = mk("devices/pci0000:00/usb1/1-1/1-1:1.0/host9/target9:0:0/9:0:0:0");
    expect(scsiTransport(dev, sys)).toEqual({ protocol: "usb", tgtNodeName: "1-1:1.0", transportId: -1 });
  });
  test("scsi_debug: unspecified", () => {
    const dev = mk("devices/pseudo_0/adapter0/host0/target0:0:0/0:0:0:0");
    expect(scsiTransport(dev, sys)).toEqual({ protocol: "unspec", tgtNodeName: "", transportId: -1 });
  });
});

import { parseVpd80 } from "../../../src/discovery/pathFacts.ts";

describe("sysfs vpd_pg80", () => {
  const page = (serial: number[]) => new Uint8Array([0, 0x80, 0, serial.length, ...serial]);
  test("serial from the page, cut at a NUL and trimmed", () => {
    expect(parseVpd80(page([...Buffer.from("2000")]))).toBe("2000");
    expect(parseVpd80(page([...Buffer.from("ed42-0000"), 0]))).toBe("ed42-0000");
    expect(parseVpd80(page([...Buffer.from("  AB12  ")]))).toBe("AB12");
  });
  test("wrong page code, short or empty page", () => {
    expect(parseVpd80(new Uint8Array([0, 0x83, 0, 1, 65]))).toBeUndefined();
    expect(parseVpd80(new Uint8Array([0, 0x80]))).toBeUndefined();
    expect(parseVpd80(page([]))).toBeUndefined();
  });
});
