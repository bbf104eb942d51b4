// kpartx_id's answers for the uuids the dm rules hand it.
import { describe, expect, test } from "bun:test";
import { kpartxIdLines, mapType, splitUuid } from "../../../src/tools/kpartx/kpartxId.ts";

const maps: Record<string, { name: string; deps: string }> = {
  "mpath-3600a098": { name: "mpatha", deps: "2 dependencies\t: (8, 16) (8, 0)" },
  "mpath-dasdvol": { name: "mpathd", deps: "1 dependencies\t: (94, 4)" },
  "mpath-cciss1": { name: "mpathc", deps: "1 dependencies\t: (104, 0)" },
  "mpath-md0": { name: "mpathm", deps: "1 dependencies\t: (9, 0)" },
};
const lookup = {
  nameByUuid: (u: string) => maps[u]?.name ?? null,
  depsByUuid: (u: string) => maps[u]?.deps ?? null,
};

describe("kpartx_id", () => {
  test("a partition of a multipath map", () => {
    expect(kpartxIdLines("part2-mpath-3600a098", lookup)).toBe(
      "DM_MPATH=mpatha\nDM_PART=2\nDM_TYPE=scsi\nDM_WWN=0x600a098\nDM_SERIAL=3600a098\n");
  });
  test("a multipath map itself", () => {
    expect(kpartxIdLines("mpath-3600a098", lookup)).toBe("DM_TYPE=scsi\nDM_WWN=0x600a098\nDM_SERIAL=3600a098\n");
  });
  test("the path devices' majors give the type", () => {
    expect(kpartxIdLines("mpath-dasdvol", lookup)).toBe("DM_TYPE=ccw\nDM_SERIAL=dasdvol\n");
    expect(mapType(maps["mpath-cciss1"]!.deps)).toBe("cciss");
    expect(mapType(maps["mpath-md0"]!.deps)).toBe("raid");
    expect(mapType("0 dependencies\t: ")).toBe("scsi");
    expect(mapType(null)).toBe("raid");
  });
  test("a partition of a disk kpartx made up a uuid for, and other maps", () => {
    expect(kpartxIdLines("part1-devnode_7:0_Wh5pYvM", lookup)).toBe("DM_MPATH=\nDM_PART=1\nDM_TYPE=raid\n");
    expect(kpartxIdLines("LVM-abc", lookup)).toBe("DM_TYPE=raid\n");
    expect(splitUuid("nodash")).toEqual({ table: "nodash", rest: "nodash", part: "" });
  });
});
