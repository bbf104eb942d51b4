import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { blockMajor, classifyDevice } from "../../../src/multipath/deviceArg.ts";
import { groupPriority } from "../../../src/multipath/mapView.ts";
import { parseHcil, scsiState, sysfsPathByDevt } from "../../../src/discovery/sysfsPath.ts";
import { udevProperties } from "../../../src/discovery/udevDb.ts";
import type { PathView } from "../../../src/print/views.ts";

const PROC_DEVICES = "Character devices:\n  1 mem\n 10 misc\n\nBlock devices:\n  7 loop\n  8 sd\n253 device-mapper\n254 mdp\n";

describe("device argument", () => {
  test("block majors from /proc/devices", () => {
    expect(blockMajor("device-mapper", PROC_DEVICES)).toBe(253);
    expect(blockMajor("sd", PROC_DEVICES)).toBe(8);
    expect(blockMajor("mem", PROC_DEVICES)).toBeUndefined();
  });
  test("maj:min, names and invalid paths", () => {
    expect(classifyDevice("8:16", 253)).toEqual({ kind: "devt", major: 8, minor: 16 });
    expect(classifyDevice("mpatha", 253)).toEqual({ kind: "devmap", name: "mpatha" });
    expect(classifyDevice("/nonexistent/x", 253)).toEqual({ kind: "invalid" });
    expect(classifyDevice("/dev/null", 253)).toEqual({ kind: "invalid" });
  });
});

describe("sysfs path facts", () => {
  test("SCSI device states as upstream", () => {
    expect(scsiState("running")).toBe("up");
    expect(scsiState("offline")).toBe("down");
    expect(scsiState("blocked")).toBe("pending");
    expect(scsiState("transport-offline")).toBe("down");
    expect(scsiState(undefined)).toBe("down");
  });
  test("hcil", () => {
    expect(parseHcil("3:0:1:12")).toEqual({ host: 3, channel: 0, id: 1, lun: 12 });
    expect(parseHcil("target3:0:1")).toBeUndefined();
  });
  test("a captured-shape sysfs tree", () => {
    const sys = mkdtempSync(join(tmpdir(), "sys-"));
    try {
      const dev = join(sys, "devices/pseudo_0/adapter0/host2/target2:0:0/2:0:0:5");
      mkdirSync(join(dev, "block/sdq"), { recursive: true });
      mkdirSync(join(sys, "bus/scsi"), { recursive: true });
      symlinkSync(join(sys, "bus/scsi"), join(dev, "subsystem"));
      symlinkSync(dev, join(dev, "block/sdq/device"));
      writeFileSync(join(dev, "vendor"), "Linux   \n");
      writeFileSync(join(dev, "model"), "scsi_debug      \n");
      writeFileSync(join(dev, "rev"), "0191\n");
      writeFileSync(join(dev, "state"), "offline\n");
      writeFileSync(join(dev, "block/sdq/size"), "16384\n");
      mkdirSync(join(sys, "dev/block"), { recursive: true });
      symlinkSync(join(dev, "block/sdq"), join(sys, "dev/block/65:0"));
      expect(sysfsPathByDevt("65:0", sys)).toMatchObject({
        dev: "sdq", devt: "65:0", bus: "scsi", hcil: { host: 2, channel: 0, id: 0, lun: 5 }, vendor: "Linux",
        product: "scsi_debug", rev: "0191", sysfsState: "down", sizeSectors: 16384,
      });
      expect(sysfsPathByDevt("65:1", sys)).toBeNull();
    } finally {
      rmSync(sys, { recursive: true, force: true });
    }
  });
  test("udev database properties", () => {
    const run = mkdtempSync(join(tmpdir(), "udev-"));
    try {
      mkdirSync(join(run, "data"));
      writeFileSync(join(run, "data/b8:0"), "S:disk/by-id/x\nI:123\nE:ID_SERIAL=36001405abc\nE:ID_WWN=0x6001=x\nG:systemd\n");
      const p = udevProperties("8:0", run)!;
      expect(p.get("ID_SERIAL")).toBe("36001405abc");
      expect(p.get("ID_WWN")).toBe("0x6001=x");
      expect(p.size).toBe(2);
      expect(udevProperties("8:16", run)).toBeNull();
    } finally {
      rmSync(run, { recursive: true, force: true });
    }
  });
});

describe("group priority", () => {
  const p = (checkerState: PathView["checkerState"], priority: number): PathView =>
    ({ priority, checkerState, dmState: "active", inMap: true });
  test("mean of usable paths with a priority, truncated", () => {
    expect(groupPriority([p("up", 50), p("up", 10), p("down", 1)])).toBe(30);
    expect(groupPriority([p("up", 1), p("ghost", 2)])).toBe(1);
  });
  test("0 without usable paths, -1 when none has a priority", () => {
    expect(groupPriority([p("down", 50)])).toBe(0);
    expect(groupPriority([p("up", -1)])).toBe(-1);
    expect(groupPriority([])).toBe(0);
  });
});
