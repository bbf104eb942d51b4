// The whole-disk list and its order on a sysfs tree built in a temp dir:
// libudev's order (devpath byte order, md and dm last), partitions with
// their disk, devices without a dev attribute left out.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareDevpaths, wholeDisks } from "../../../src/discovery/blockDevices.ts";

const sys = mkdtempSync(join(tmpdir(), "sysfs-"));
afterAll(() => rmSync(sys, { recursive: true, force: true }));

function device(devpath: string, devt: string | null, partition = false): void {
  const dir = join(sys, devpath);
  mkdirSync(dir, { recursive: true });
  if (devt) writeFileSync(join(dir, "dev"), `${devt}\n`);
  if (partition) writeFileSync(join(dir, "partition"), "1\n");
  mkdirSync(join(sys, "class/block"), { recursive: true });
  const name = devpath.slice(devpath.lastIndexOf("/") + 1);
  symlinkSync(join("../..", devpath), join(sys, "class/block", name));
}

const scsi = (h: number, l: number) => `devices/pseudo_0/adapter0/host${h}/target${h}:0:0/${h}:0:0:${l}/block`;
device(`${scsi(0, 2)}/sdc`, "8:32");
device(`${scsi(0, 10)}/sdk`, "8:160");
device(`${scsi(0, 10)}/sdk/sdk1`, "8:161", true);
device(`${scsi(0, 10)}/sdk/sdk2`, "8:162", true);
device(`${scsi(1, 0)}/sdaa`, "65:160");
device("devices/virtual/block/dm-0", "253:0");
device("devices/virtual/block/md0", "9:0");
device("devices/virtual/block/loop0", "7:0");
device(`${scsi(0, 3)}/sdd`, null); // vanished: no dev attribute

describe("whole disks in libudev's order", () => {
  const disks = wholeDisks(sys);
  test("devpath byte order (LUN 10 before LUN 2), md and dm last, partitions left out", () => {
    expect(disks.map((d) => d.dev)).toEqual(["sdk", "sdc", "sdaa", "loop0", "dm-0", "md0"]);
  });
  test("each disk has its devt, sysfs directory and partitions", () => {
    const sdk = disks.find((d) => d.dev === "sdk")!;
    expect(sdk.devt).toBe("8:160");
    expect(sdk.syspath).toBe(join(sys, scsi(0, 10), "sdk"));
    expect(sdk.partitions).toEqual([join(sys, scsi(0, 10), "sdk/sdk1"), join(sys, scsi(0, 10), "sdk/sdk2")]);
    expect(disks.find((d) => d.dev === "sdc")!.partitions).toEqual([]);
  });
  test("no sysfs: no disks", () => expect(wholeDisks(join(sys, "nowhere"))).toEqual([]));
  test("the comparison", () => {
    expect(compareDevpaths("/devices/virtual/block/dm-1", "/devices/virtual/block/loop0")).toBe(1);
    expect(compareDevpaths("/devices/a/block/sda", "/devices/a/block/sda")).toBe(0);
    expect(compareDevpaths("/devices/a/block/sdb", "/devices/a/block/sda")).toBe(1);
  });
});
