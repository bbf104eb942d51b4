// libudev bindings on this host (sysfs is real; udevd does not run here).
import { describe, expect, test } from "bun:test";
import { readFileSync, readdirSync } from "node:fs";
import {
  UdevMonitor, udevDeviceByDevnum, udevDeviceBySubsystemSysname, udevEnumerate, udevSysattr,
} from "../../../src/io/udev.ts";
import { wholeDisks } from "../../../src/discovery/blockDevices.ts";

describe("libudev enumeration", () => {
  const block = udevEnumerate({ subsystem: "block" });
  test("block devices equal /sys/class/block", () => {
    expect(block.map((d) => d.sysname).sort()).toEqual(readdirSync("/sys/class/block").sort());
  });
  test("devnum, devtype and properties as the kernel reports them", () => {
    for (const d of block) {
      const dev = readFileSync(`/sys/class/block/${d.sysname}/dev`, "utf8").trim();
      expect(d.devnum && `${d.devnum.major}:${d.devnum.minor}`).toBe(dev);
      expect(d.properties.DEVNAME).toBe(`/dev/${d.sysname}`);
      expect(d.devtype).toBe(d.properties.DEVTYPE ?? null);
    }
  });
  test("lookups by devnum and by subsystem+sysname find the same device", () => {
    const d = block[0]!;
    expect(udevDeviceByDevnum("b", d.devnum!.major, d.devnum!.minor)?.syspath).toBe(d.syspath);
    expect(udevDeviceBySubsystemSysname("block", d.sysname)?.syspath).toBe(d.syspath);
    expect(udevDeviceBySubsystemSysname("block", "no-such-device")).toBeNull();
  });
  test("sysfs attributes", () => {
    const d = block[0]!;
    expect(udevSysattr(d.syspath, "size")).toBe(readFileSync(`${d.syspath}/size`, "utf8").trim());
    expect(udevSysattr(d.syspath, "no_such_attribute")).toBeNull();
  });
  test("property filters", () => {
    const disks = udevEnumerate({ subsystem: "block", properties: { DEVTYPE: "disk" } });
    expect(disks.length).toBeGreaterThan(0);
    expect(disks.every((d) => d.devtype === "disk")).toBe(true);
  });
  test("discovery's sysfs disk list is libudev's, in libudev's order", () => {
    const disks = udevEnumerate({ subsystem: "block", properties: { DEVTYPE: "disk" } });
    expect(wholeDisks().map((d) => [d.syspath, d.devt])).toEqual(disks.map((d) => [d.syspath, `${d.devnum!.major}:${d.devnum!.minor}`]));
  });
});

describe("udev monitor (kernel source)", () => {
  test("a change written to sysfs arrives as an event with its properties", async () => {
    const dev = readdirSync("/sys/class/block")[0]!;
    const m = UdevMonitor.open("kernel", [{ subsystem: "block" }]);
    try {
      expect(m.fd).toBeGreaterThan(0);
      expect(m.receive()).toBeNull(); // nothing queued yet
      const w = Bun.spawnSync(["sh", "-c", `echo change > /sys/class/block/${dev}/uevent`]);
      expect(w.exitCode).toBe(0);
      let ev = null;
      for (let i = 0; i < 50 && !ev; i++) {
        await Bun.sleep(20);
        ev = m.receive();
      }
      expect(ev?.action).toBe("change");
      expect(ev?.sysname).toBe(dev);
      expect(ev?.seqnum).toBeGreaterThan(0);
      expect(ev?.properties.DEVNAME).toBe(`/dev/${dev}`);
    } finally {
      m.close();
    }
  });
});
