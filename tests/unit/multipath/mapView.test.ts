import { describe, expect, test } from "bun:test";
import { parseMpathStatus } from "../../../src/dm/mpathStatus.ts";
import { parseMpathTable } from "../../../src/dm/mpathTable.ts";
import type { SysfsPath } from "../../../src/discovery/sysfsPath.ts";
import type { KernelMap } from "../../../src/multipath/kernelMaps.ts";
import { mapView } from "../../../src/multipath/mapView.ts";

// as the VM showed it: mpatha's first path (259:1) unplugged and failed by I/O
const map: KernelMap = {
  name: "mpatha", wwid: "nvme.1b36-4d504230-51454d55204e564d65204374726c-00000001", sizeSectors: 131072,
  info: {
    exists: true, suspended: false, liveTable: true, inactiveTable: false, openCount: 0, eventNr: 1, major: 254, minor: 0,
    readOnly: false, targetCount: 1, deferredRemove: false, internalSuspend: false,
  },
  table: parseMpathTable("0 0 2 1 service-time 0 1 2 259:1 1 1 service-time 0 1 2 259:2 1 1"),
  status: parseMpathStatus("2 0 0 0 2 1 E 0 1 2 259:1 F 1 0 1 A 0 1 2 259:2 A 0 0 1"),
};
const alive: SysfsPath = { dev: "nvme1n1", devt: "259:2", bus: "nvme", sysfsState: "up", sizeSectors: 131072, syspath: "/x" };
const lookupPath = (devt: string) => (devt === "259:2" ? alive : null);

describe("map views of kernel maps", () => {
  test("a path whose device no longer exists is left out, then its empty group, with upstream's messages", () => {
    const logs: string[] = [];
    const v = mapView(map, { lookupPath, pathExists: (d) => d === "259:2", log: (_l, m) => logs.push(m) });
    expect(v.groups.map((g) => [g.state, g.paths.map((p) => p.devt)])).toEqual([["active", ["259:2"]]]);
    expect(logs).toEqual([
      "get_udev_device: failed to look up 259:1 with type 1",
      "mpatha: discarding non-existing path 259:1",
      "mpatha: removing empty pathgroup 0",
    ]);
  });
  test("without the existence check every table path is shown", () => {
    const v = mapView(map, { lookupPath });
    expect(v.groups.map((g) => g.paths.map((p) => p.dev ?? "-"))).toEqual([["-"], ["nvme1n1"]]);
  });
});
