import { afterAll, describe, expect, test } from "bun:test";
import { rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cmicReportsAna, idCtrlAna } from "../../../src/discovery/nvmeAna.ts";
import { nvmePath, nvmeProtocol } from "../../../src/discovery/nvmePath.ts";
import { nvmeState, skippedBySysfs, sysfsPathByDevt } from "../../../src/discovery/sysfsPath.ts";
import { WWID_SIZE, fixBrokenNvmeWwid, pathWwid } from "../../../src/discovery/wwid.ts";
import { NvmeTree } from "./nvmeTree.ts";

const WWID1 = "nvme.1b36-4d504230-51454d55204e564d65204374726c-00000001";

describe("NVMe WWIDs", () => {
  // the WWID upstream's comment gives as an example of the padded form
  const padded = "nvme.0000-3163653363666438366239656630386200-4c696e75780000000000000000000000000000000000000000000000000000000000000000000000-00000002";
  test("hex zero bytes padding serial and model are dropped", () => {
    expect(padded.length).toBeGreaterThanOrEqual(WWID_SIZE);
    expect(fixBrokenNvmeWwid(padded)).toBe("nvme.0000-31636533636664383662396566303862-4c696e7578-00000002");
  });
  test("values of another shape are left alone", () => {
    expect(fixBrokenNvmeWwid("uuid.6d706278-0000-4000-8000-000000000001")).toBeUndefined();
    expect(fixBrokenNvmeWwid("nvme.00zz-31-32-00000001")).toBeUndefined();
    expect(fixBrokenNvmeWwid("nvme.0000-31-00000001")).toBeUndefined(); // two dashes only
    expect(fixBrokenNvmeWwid(`nvme.0000-${"31".repeat(70)}-4c00-00000001`)).toBeUndefined(); // still too long
  });
  const path = { dev: "nvme0n1", syspath: "/nonexistent", bus: "nvme" as const };
  test("from the udev property, blanks at the end removed", () => {
    const r = pathWwid(path, "ID_WWN", new Map([["ID_WWN", `${WWID1}  `]]));
    expect(r.wwid).toBe(WWID1);
    expect(r.origin).toBe("udev");
  });
  test("an over-long padded udev value is repaired, with upstream's message", () => {
    const r = pathWwid(path, "ID_WWN", new Map([["ID_WWN", padded]]));
    expect(r.wwid).toBe("nvme.0000-31636533636664383662396566303862-4c696e7578-00000002");
    expect(r.logs).toContainEqual({ level: 2, msg: `nvme0n1: over-long WWID shortened to ${r.wwid}` });
  });
  test("an over-long value of another shape is cut to 127 bytes", () => {
    const r = pathWwid(path, "ID_WWN", new Map([["ID_WWN", "x".repeat(200)]]));
    expect(r.wwid).toBe("x".repeat(WWID_SIZE - 1));
    expect(r.logs).toContainEqual({ level: 0, msg: "nvme0n1: wwid overflow" });
  });
  test("the uevent environment stands in for a property udev lacks", () => {
    expect(pathWwid(path, "ID_WWN", new Map(), { ID_WWN: WWID1 }).wwid).toBe(WWID1);
  });
  test("without the udev property the namespace's sysfs wwid is used, for ID_WWN and \"\" only", () => {
    const t = new NvmeTree();
    try {
      const c = t.controller({ name: "nvme0", pci: "0000:00:02.0", cntlid: 0, dev: "246:0" }, "nqn.x");
      const dir = t.namespace(c, "nvme0n1", { nsid: 1, size: 131072, devt: "259:1" }, WWID1);
      const p = { dev: "nvme0n1", syspath: dir, bus: "nvme" as const };
      const r = pathWwid(p, "ID_WWN", new Map());
      expect(r).toMatchObject({ wwid: WWID1, origin: "sysfs" });
      // a fallback after udev failed is said louder, as upstream
      expect(r.logs).toContainEqual({ level: 1, msg: `nvme0n1: uid = ${WWID1} (sysfs)` });
      expect(pathWwid(p, "", null)).toMatchObject({ wwid: WWID1, origin: "sysfs" });
      const other = pathWwid(p, "ID_SERIAL", new Map());
      expect(other.wwid).toBeUndefined();
      expect(other.logs).toContainEqual({ level: 1, msg: "nvme0n1: failed to get udev uid: No data available" });
      // SCSI has no sysfs fallback here
      expect(pathWwid({ ...p, bus: "scsi" }, "ID_WWN", new Map()).wwid).toBeUndefined();
    } finally {
      rmSync(t.sys, { recursive: true, force: true });
    }
  });
});

describe("NVMe path facts", () => {
  const t = new NvmeTree();
  afterAll(() => rmSync(t.sys, { recursive: true, force: true }));
  const c0 = t.controller({ name: "nvme0", pci: "0000:00:02.0", cntlid: 0, dev: "246:0" }, "nqn.s0");
  const c1 = t.controller({ name: "nvme1", pci: "0000:00:03.0", cntlid: 1, dev: "246:1", state: "deleting" }, "nqn.s0");
  t.namespace(c0, "nvme0n2", { nsid: 2, size: 65536, devt: "259:4" }, WWID1);
  t.namespace(c1, "nvme1n1", { nsid: 1, size: 131072, devt: "259:2" }, WWID1);

  test("multipath=N: facts from the namespace and its controller, as upstream sets them", () => {
    expect(sysfsPathByDevt("259:4", t.sys)).toMatchObject({
      dev: "nvme0n2", bus: "nvme", hcil: { host: 0, channel: 0, id: 2, lun: 2 }, vendor: "NVME",
      // the controller's attributes keep the kernel's blank padding (to 40 and 8 bytes)
      product: "QEMU NVMe Ctrl                          ", rev: "7.2.22  ", serial: "MPB0                ",
      protocol: "nvme:pcie", sysfsState: "up", sizeSectors: 65536,
    });
  });
  test("the controller's state decides the path's sysfs state", () => {
    expect(sysfsPathByDevt("259:2", t.sys)).toMatchObject({ hcil: { host: 1, channel: 1, id: 1, lun: 1 }, sysfsState: "pending" });
    // as upstream: new and deleting are pending, live up, anything else (connecting, resetting, dead) down
    expect(["new", "deleting", "live", "connecting", "resetting", "dead"].map(nvmeState)).toEqual(["pending", "pending", "up", "down", "down", "down"]);
  });
  test("transports upstream does not know are unspec", () => {
    expect(nvmeProtocol("tcp")).toBe("nvme:tcp");
    expect(nvmeProtocol("apple-nvme")).toBe("nvme:apple-nvme");
    expect(nvmeProtocol("fancy")).toBe("nvme:unspec");
    expect(nvmeProtocol(undefined)).toBe("nvme:unspec");
  });

  const n0 = t.controller({ name: "nvme2", pci: "0000:00:04.0", cntlid: 0, dev: "246:2" }, "nqn.s1");
  t.nativeSubsystem("nvme-subsys3", "nqn.s1", [n0], [{ head: "nvme3n1", ns: { nsid: 1, size: 2048, devt: "259:9" }, wwid: WWID1, paths: [{ nsid: 1, size: 2048 }] }]);
  test("multipath=Y: a head disk (parent: the subsystem) is no path; upstream skips it", () => {
    expect(nvmePath(join(t.sys, "devices/virtual/nvme-subsystem/nvme-subsys3/nvme3n1"))).toBeNull();
    expect(sysfsPathByDevt("259:9", t.sys)).toBeNull();
    expect(skippedBySysfs("259:9", t.sys)).toBe("nvme-no-controller");
    expect(skippedBySysfs("259:4", t.sys)).toBeUndefined();
    expect(skippedBySysfs("259:99", t.sys)).toBeUndefined();
  });
  test("a hidden disk is skipped", () => {
    const d = join(n0, "nvme3c2n1");
    writeFileSync(join(d, "dev"), "259:10\n");
    symlinkSync(d, join(t.sys, "dev/block/259:10"));
    expect(sysfsPathByDevt("259:10", t.sys)).toBeNull();
    expect(skippedBySysfs("259:10", t.sys)).toBe("hidden");
  });
});

describe("ANA support (Identify Controller CMIC bit 3)", () => {
  const id = (cmic: number) => {
    const d = new Uint8Array(4096);
    d[76] = cmic;
    return d;
  };
  test("CMIC", () => {
    expect(cmicReportsAna(id(0x08))).toBe(true);
    expect(cmicReportsAna(id(0x0b))).toBe(true);
    expect(cmicReportsAna(id(0x02))).toBe(false); // multi-controller without ANA, as QEMU's subsystems
    expect(cmicReportsAna(new Uint8Array(10))).toBe(false);
  });
  test("nvme_id_ctrl_ana: a failed ioctl is negative (detect_prio then picks ana)", () => {
    const r = (rc: number, cmic = 0) => ({ rc, errno: rc < 0 ? 13 : 0, errorText: "", opened: true, data: id(cmic) });
    expect(idCtrlAna(r(0, 0x08))).toBe(1);
    expect(idCtrlAna(r(0, 0x02))).toBe(0);
    expect(idCtrlAna(r(-1))).toBe(-1);
    expect(idCtrlAna({ ...r(2), data: new Uint8Array(4096) })).toBe(0);
  });
});
