// Grouping cases after upstream's tests/pgpolicy.c: which paths share a
// group, the order of groups (priority, usable paths, marginal last) and of
// paths inside them, and the group the kernel starts with.
import { describe, expect, test } from "bun:test";
import { type GroupablePath, bestGroup, groupPaths, groupStats } from "../../../src/policy/pathGroups.ts";

type P = GroupablePath & { name: string };
const p = (name: string, priority: number, extra: Partial<P> = {}): P => ({ name, priority, state: "up", ...extra });
const names = (gs: P[][]) => gs.map((g) => g.map((x) => x.name));

describe("grouping policies", () => {
  const paths = [p("sda", 10, { serial: "S1", tgtNodeName: "N1", tpgId: 1 }), p("sdb", 50, { serial: "S2", tgtNodeName: "N2", tpgId: 2 }),
    p("sdc", 10, { serial: "S1", tgtNodeName: "N2", tpgId: 1 }), p("sdd", 50, { serial: "S2", tgtNodeName: "N1", tpgId: 2 })];
  test("failover: one path per group, best priority first, stable", () => {
    expect(names(groupPaths("failover", paths))).toEqual([["sdb"], ["sdd"], ["sda"], ["sdc"]]);
  });
  test("multibus: one group in path order", () => {
    expect(names(groupPaths("multibus", paths))).toEqual([["sda", "sdb", "sdc", "sdd"]]);
  });
  test("group_by_prio: groups by priority, highest first", () => {
    expect(names(groupPaths("group_by_prio", paths))).toEqual([["sdb", "sdd"], ["sda", "sdc"]]);
  });
  test("group_by_serial / node_name / tpg", () => {
    expect(names(groupPaths("group_by_serial", paths))).toEqual([["sdb", "sdd"], ["sda", "sdc"]]);
    expect(names(groupPaths("group_by_node_name", paths))).toEqual([["sda", "sdd"], ["sdb", "sdc"]]);
    expect(names(groupPaths("group_by_tpg", paths))).toEqual([["sdb", "sdd"], ["sda", "sdc"]]);
  });
  test("equal priority: more usable paths first; ties keep their order", () => {
    const ps = [p("a", 10), p("b", 10, { state: "down" }), p("c", 10)];
    expect(names(groupPaths("failover", ps))).toEqual([["a"], ["c"], ["b"]]);
  });
  test("marginal paths group apart and sort last when marginal_pathgroups is on", () => {
    const ps = [p("a", 50, { marginal: true }), p("b", 10), p("c", 50)];
    expect(names(groupPaths("group_by_prio", ps, true))).toEqual([["c"], ["b"], ["a"]]);
    expect(names(groupPaths("group_by_prio", ps, false))).toEqual([["a", "c"], ["b"]]);
  });
  test("no paths, no groups", () => expect(groupPaths("multibus", [])).toEqual([]));
});

describe("group priority and the best group", () => {
  test("mean of usable paths' priorities; -1 when none defined; 0 when none usable", () => {
    expect(groupStats([p("a", 50), p("b", 10)]).priority).toBe(30);
    expect(groupStats([p("a", -1)]).priority).toBe(-1);
    expect(groupStats([p("a", 50, { state: "down" })])).toEqual({ priority: 0, enabledPaths: 0, marginal: false });
    expect(groupStats([p("a", 50, { state: "ghost" })]).enabledPaths).toBe(1);
  });
  test("best group: highest priority among groups with usable paths", () => {
    expect(bestGroup([[p("a", 10)], [p("b", 50)]])).toBe(2);
    expect(bestGroup([[p("a", 50, { state: "down" })], [p("b", 10)]])).toBe(2);
    expect(bestGroup([[p("a", 10)], [p("b", 10), p("c", 10)]])).toBe(2);
    expect(bestGroup([[p("a", 10, { marginal: true })], [p("b", 1)]])).toBe(2);
    expect(bestGroup([[p("a", 1, { state: "down" })]])).toBe(1);
  });
});
