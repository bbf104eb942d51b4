import { afterAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { nvmeForeignMaps } from "../../../src/foreign/nvme.ts";
import { FOREIGN_MAP_FIELDS, FOREIGN_PATH_FIELDS, formatForeignTopology } from "../../../src/print/foreignNvme.ts";
import { formatLine } from "../../../src/print/format.ts";
import { NvmeTree } from "../discovery/nvmeTree.ts";

const W = (sub: number, ns: number) => `nvme.1b36-4d50423${sub}-51454d55204e564d65204374726c-${ns.toString(16).padStart(8, "0")}`;

describe("the nvme foreign library's maps (native NVMe multipath)", () => {
  const t = new NvmeTree();
  afterAll(() => rmSync(t.sys, { recursive: true, force: true }));
  const c0 = t.controller({ name: "nvme0", pci: "0000:00:02.0", cntlid: 0, dev: "246:0" }, "nqn.s0");
  const c1 = t.controller({ name: "nvme1", pci: "0000:00:03.0", cntlid: 1, dev: "246:1" }, "nqn.s0");
  const c2 = t.controller({ name: "nvme2", pci: "0000:00:04.0", cntlid: 0, dev: "246:2", serial: "MPB1" }, "nqn.s1");
  const s1 = t.nativeSubsystem("nvme-subsys1", "nqn.s0", [c0, c1], [
    { head: "nvme1n1", ns: { nsid: 1, size: 131072, devt: "259:1" }, wwid: W(0, 1), paths: [{ nsid: 1, size: 131072 }, { nsid: 1, size: 131072, anaState: "non-optimized" }] },
  ]);
  const s2 = t.nativeSubsystem("nvme-subsys2", "nqn.s1", [c2], [
    { head: "nvme2n1", ns: { nsid: 1, size: 2048, devt: "259:3" }, wwid: W(1, 1), paths: [{ nsid: 1, size: 2048 }] },
    { head: "nvme2n10", ns: { nsid: 10, size: 2048, devt: "259:13" }, wwid: W(1, 10), paths: [{ nsid: 10, size: 2048 }] },
  ]);
  // udev's enumeration order: hidden path disks first (they sort under /sys/devices/pci...), then the heads
  const disks = [join(c0, "nvme1c0n1"), join(c1, "nvme1c1n1"), join(c2, "nvme2c2n1"), join(s1, "nvme1n1"), join(s2, "nvme2n1"), join(s2, "nvme2n10")];
  const asked: string[] = [];
  const maps = nvmeForeignMaps(disks, (devt) => {
    asked.push(devt);
    return devt === "246:2";
  });

  test("one map per head disk, its controllers' hidden disks as paths", () => {
    expect(maps.map((m) => [m.sysname, m.paths.map((p) => p.sysname), m.liveCount])).toEqual([
      ["nvme1n1", ["nvme1c0n1", "nvme1c1n1"], 2],
      ["nvme2n1", ["nvme2c2n1"], 1],
      ["nvme2n10", ["nvme2c2n10"], 1],
    ]);
    // ANA is asked once per map, through the controller's character device
    expect(asked).toEqual(["246:0", "246:2", "246:2"]);
  });

  test("-ll: upstream's layout, path columns aligned over all the library's paths (0.14)", () => {
    expect(formatForeignTopology(maps, { verbosity: 2 })).toBe(
      `${W(0, 1)} [nvme]:nvme1n1 NVMe,QEMU NVMe Ctrl,7.2.22  \n` +
        "size=131072 features='n/a' hwhandler='n/a' wp=rw\n" +
        "|-+- policy='n/a' prio=n/a status=n/a\n" +
        "| `- 1:0:1  nvme1c0n1  0:0 n/a n/a           live\n" +
        "`-+- policy='n/a' prio=10 status=non-optimized\n" +
        "  `- 1:1:1  nvme1c1n1  0:0 n/a non-optimized live\n" +
        `${W(1, 1)} [nvme]:nvme2n1 NVMe,QEMU NVMe Ctrl,7.2.22  \n` +
        "size=2048 features='n/a' hwhandler='ANA' wp=rw\n" +
        "`-+- policy='n/a' prio=n/a status=n/a\n" +
        "  `- 2:2:1  nvme2c2n1  0:0 n/a n/a           live\n" +
        `${W(1, 10)} [nvme]:nvme2n10 NVMe,QEMU NVMe Ctrl,7.2.22  \n` +
        "size=2048 features='n/a' hwhandler='ANA' wp=rw\n" +
        "`-+- policy='n/a' prio=n/a status=n/a\n" +
        "  `- 2:2:10 nvme2c2n10 0:0 n/a n/a           live\n",
    );
  });

  test("-v1 prints each map's name (subsystem NQN and nsid); -v0 nothing", () => {
    expect(formatForeignTopology(maps, { verbosity: 1 })).toBe("nqn.s0:nsid.1\nnqn.s1:nsid.1\nnqn.s1:nsid.10\n");
    expect(formatForeignTopology(maps, { verbosity: 0 })).toBe("");
  });

  test("the other wildcards, as the library fills them", () => {
    const m = maps[0]!;
    expect(formatLine(FOREIGN_PATH_FIELDS, "%z|%N|%a|%m|%G|%S|%s|%w|%c|%P", { path: m.paths[1]!, map: m })).toBe(
      `MPB0                |pcie:0000:00:03.0|PCI:0000:00:03.0|nvme1n1|[nvme]|131072|NVMe,QEMU NVMe Ctrl,7.2.22  |${W(0, 1)}|n/a|n/a\n`,
    );
    expect(formatLine(FOREIGN_MAP_FIELDS, "%n|%N|%v|%p|%e|%G|%r|%F", m)).toBe("nqn.s0:nsid.1|2|NVMe|QEMU NVMe Ctrl|7.2.22  |nvme|rw|n/a\n");
  });

  test("a disk that is not below a subsystem is not the library's", () => {
    expect(nvmeForeignMaps([join(c0, "nvme1c0n1")], () => false)).toEqual([]);
  });
});
