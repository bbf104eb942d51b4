import { describe, expect, test } from "bun:test";
import { formatMpathTable, parseMpathTable, selectorString } from "../../../src/dm/mpathTable.ts";
import { isQueueing, parseMpathStatus } from "../../../src/dm/mpathStatus.ts";
import { DmParseError } from "../../../src/dm/words.ts";

// Lines as the kernel printed them in the VM scenarios.
const TABLE_ST = "0 0 1 1 service-time 0 4 2 8:0 1 1 8:32 1 1 8:64 1 1 8:96 1 1";
const TABLE_ALUA = "1 queue_if_no_path 1 alua 2 1 service-time 0 2 1 8:32 1 8:112 1 service-time 0 2 1 8:192 1 65:16 1";

describe("multipath table parameters", () => {
  test("service-time table with two per-path arguments", () => {
    const t = parseMpathTable(TABLE_ST);
    expect(t.features).toEqual([]);
    expect(t.hwhandler).toEqual([]);
    expect(t.nextGroup).toBe(1);
    expect(t.groups).toHaveLength(1);
    expect(t.groups[0]!.paths.map((p) => p.devt)).toEqual(["8:0", "8:32", "8:64", "8:96"]);
    expect(t.groups[0]!.paths[0]!.args).toEqual(["1", "1"]);
    expect(selectorString(t.groups[0]!)).toBe("service-time 0");
  });
  test("features, hardware handler and two groups round-trip", () => {
    const t = parseMpathTable(TABLE_ALUA);
    expect(t.features).toEqual(["queue_if_no_path"]);
    expect(t.hwhandler).toEqual(["alua"]);
    expect(t.groups.map((g) => g.paths.length)).toEqual([2, 2]);
    expect(formatMpathTable(t)).toBe(TABLE_ALUA);
    expect(formatMpathTable(parseMpathTable(TABLE_ST))).toBe(TABLE_ST);
  });
  test("a table without groups", () => {
    const t = parseMpathTable("0 0 0 0");
    expect(t.groups).toEqual([]);
    expect(formatMpathTable(t)).toBe("0 0 0 0");
  });
  test("truncated, trailing or non-numeric input is a DmParseError, never a crash", () => {
    for (const bad of ["", "1", "0 0 1 1 round-robin 0 2 1 8:0 1", "0 0 1 1 round-robin 0 1 1 8:0 1 extra", "x 0 0 0", "0 0 99999999 1"]) {
      expect(() => parseMpathTable(bad)).toThrow(DmParseError);
    }
  });
});

describe("multipath status", () => {
  test("service-time status with failed paths", () => {
    const s = parseMpathStatus("2 0 0 0 1 1 A 0 4 2 8:0 F 1 0 1 8:32 F 1 0 1 8:64 F 1 0 1 8:96 A 0 4096 1");
    expect(isQueueing(s)).toBe(false);
    expect(s.groups[0]!.state).toBe("active");
    expect(s.groups[0]!.paths.map((p) => `${p.devt}:${p.active ? "A" : "F"}:${p.failCount}`)).toEqual([
      "8:0:F:1", "8:32:F:1", "8:64:F:1", "8:96:A:0",
    ]);
    expect(s.groups[0]!.paths[3]!.selectorArgs).toEqual(["4096", "1"]);
  });
  test("round-robin status, enabled group", () => {
    const s = parseMpathStatus("2 1 0 0 1 1 E 0 2 0 8:0 F 1 8:16 A 0");
    expect(isQueueing(s)).toBe(true);
    expect(s.groups[0]!.state).toBe("enabled");
    expect(s.groups[0]!.paths.map((p) => p.active)).toEqual([false, true]);
  });
  test("no groups; garbage is an error", () => {
    expect(parseMpathStatus("2 0 0 0 0").groups).toEqual([]);
    expect(() => parseMpathStatus("2 0 0 0 1 1 A 0 2 0 8:0")).toThrow(DmParseError);
  });
});
