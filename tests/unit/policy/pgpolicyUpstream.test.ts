// Every case of upstream's tests/pgpolicy.c (multipath-tools 0.14.3), as data.
// Each case lists the paths' attributes by position and the groups expected
// back, as path positions in group order. Upstream builds its paths with
// priority 10, state up, not marginal, and zeroed serial / node name / tpg;
// a case overrides only what it sets. The policy names map as: one_group is
// multibus, one_path_per_group is failover.
import { describe, expect, test } from "bun:test";
import { type GroupablePath, type PgPolicy, bestGroup, groupPaths, groupStats } from "../../../src/policy/pathGroups.ts";

type Bit = 0 | 1;
type Case = {
  name: string;
  policy: PgPolicy;
  /** path count; upstream uses fixtures of 8, 4, 1 and 0 paths */
  size: 0 | 1 | 4 | 8;
  marginalPathgroups?: boolean;
  prio?: number[];
  marginal?: Bit[];
  tpg?: number[];
  node?: string[];
  serial?: string[];
  groups: number[][];
  /** the marginal flag of each group; all clear when absent */
  groupMarginal?: Bit[];
  /** upstream passes a multipath with no path vector at all (see below) */
  nullVector?: boolean;
};

const ALL8 = [0, 1, 2, 3, 4, 5, 6, 7];
const singles = (order: number[]) => order.map((i) => [i]);
const UP8 = [1, 2, 3, 4, 5, 6, 7, 8];
const DOWN8 = [8, 7, 6, 5, 4, 3, 2, 1];
const MIXED8 = [7, 1, 3, 3, 5, 2, 8, 2];
const MIXED8_ORDER = [6, 0, 4, 2, 3, 5, 7, 1];
const MIXED8_BY_PRIO = [[6], [0], [4], [2, 3], [5, 7], [1]];
const ALL_MARGINAL8: Bit[] = [1, 1, 1, 1, 1, 1, 1, 1];

// Upstream's "_null" cases hand group_paths a multipath whose path vector is
// NULL and expect success with an empty group list. Our groupPaths takes a
// typed array, so "no vector" cannot be expressed; those rows run with the
// empty array, which is the nearest thing we model, and expect no groups.
const emptyCases = (policy: PgPolicy, label: string): Case[] => [
  { name: `${label}0`, policy, size: 0, groups: [] },
  { name: `${label}_null`, policy, size: 0, groups: [], nullVector: true },
];

const oneGroup: Case[] = [
  { name: "one_group8", policy: "multibus", size: 8, groups: [ALL8] },
  { name: "one_group4", policy: "multibus", size: 4, groups: [[0, 1, 2, 3]] },
  { name: "one_group1", policy: "multibus", size: 1, groups: [[0]] },
  ...emptyCases("multibus", "one_group"),
  { name: "one_group_all_marginal8", policy: "multibus", size: 8, marginalPathgroups: true, marginal: ALL_MARGINAL8,
    groups: [ALL8], groupMarginal: [1] },
  { name: "one_group_half_marginal8", policy: "multibus", size: 8, marginalPathgroups: true, marginal: [1, 0, 1, 0, 1, 1, 0, 0],
    groups: [[1, 3, 6, 7], [0, 2, 4, 5]], groupMarginal: [0, 1] },
  // marginal_pathgroups off: marginal paths stay with the rest, and a group
  // holding some normal paths is not marginal
  { name: "one_group_ignore_marginal8", policy: "multibus", size: 8, marginal: [1, 0, 1, 0, 1, 1, 0, 0], groups: [ALL8] },
  { name: "one_group_one_marginal8", policy: "multibus", size: 8, marginalPathgroups: true, marginal: [0, 0, 0, 0, 0, 1, 0, 0],
    groups: [[0, 1, 2, 3, 4, 6, 7], [5]], groupMarginal: [0, 1] },
];

const onePathPerGroup: Case[] = [
  { name: "one_path_per_group_same8", policy: "failover", size: 8, groups: singles(ALL8) },
  { name: "one_path_per_group_increasing8", policy: "failover", size: 8, prio: UP8, groups: singles([7, 6, 5, 4, 3, 2, 1, 0]) },
  { name: "one_path_per_group_decreasing8", policy: "failover", size: 8, prio: DOWN8, groups: singles(ALL8) },
  // equal priorities keep their path order (2 before 3, 5 before 7)
  { name: "one_path_per_group_mixed8", policy: "failover", size: 8, prio: MIXED8, groups: singles(MIXED8_ORDER) },
  { name: "one_path_per_group4", policy: "failover", size: 4, groups: singles([0, 1, 2, 3]) },
  { name: "one_path_per_group1", policy: "failover", size: 1, groups: [[0]] },
  ...emptyCases("failover", "one_path_per_group"),
  { name: "one_path_per_group_mixed_all_marginal8", policy: "failover", size: 8, marginalPathgroups: true, prio: MIXED8,
    marginal: ALL_MARGINAL8, groups: singles(MIXED8_ORDER), groupMarginal: ALL_MARGINAL8 },
  { name: "one_path_per_group_mixed_half_marginal8", policy: "failover", size: 8, marginalPathgroups: true, prio: MIXED8,
    marginal: [0, 1, 1, 0, 0, 0, 1, 1], groups: singles([0, 4, 3, 5, 6, 2, 7, 1]), groupMarginal: [0, 0, 0, 0, 1, 1, 1, 1] },
];

const byPrio: Case[] = [
  { name: "group_by_prio_same8", policy: "group_by_prio", size: 8, groups: [ALL8] },
  { name: "group_by_prio_increasing8", policy: "group_by_prio", size: 8, prio: UP8, groups: singles([7, 6, 5, 4, 3, 2, 1, 0]) },
  { name: "group_by_prio_decreasing8", policy: "group_by_prio", size: 8, prio: DOWN8, groups: singles(ALL8) },
  { name: "group_by_prio_mixed8", policy: "group_by_prio", size: 8, prio: MIXED8, groups: MIXED8_BY_PRIO },
  // marginal_pathgroups on, but no path is marginal: nothing to split
  { name: "group_by_prio_mixed_no_marginal8", policy: "group_by_prio", size: 8, marginalPathgroups: true, prio: MIXED8,
    groups: MIXED8_BY_PRIO },
  { name: "group_by_prio_2_groups8", policy: "group_by_prio", size: 8, prio: [1, 2, 2, 1, 2, 1, 1, 2],
    groups: [[1, 2, 4, 7], [0, 3, 5, 6]] },
  { name: "group_by_prio_mixed4", policy: "group_by_prio", size: 4, prio: [2, 3, 1, 3], groups: [[1, 3], [0], [2]] },
  { name: "group_by_prio_2_groups4", policy: "group_by_prio", size: 4, prio: [2, 1, 1, 2], groups: [[0, 3], [1, 2]] },
  { name: "group_by_prio1", policy: "group_by_prio", size: 1, groups: [[0]] },
  ...emptyCases("group_by_prio", "group_by_prio"),
  { name: "group_by_prio_mixed_all_marginal8", policy: "group_by_prio", size: 8, marginalPathgroups: true, prio: MIXED8,
    marginal: ALL_MARGINAL8, groups: MIXED8_BY_PRIO, groupMarginal: [1, 1, 1, 1, 1, 1] },
  // the two priority-3 paths and the two priority-2 paths are split by marginality
  { name: "group_by_prio_mixed_half_marginal8", policy: "group_by_prio", size: 8, marginalPathgroups: true, prio: MIXED8,
    marginal: [0, 0, 0, 1, 0, 1, 1, 1], groups: [[0], [4], [2], [1], [6], [3], [5, 7]], groupMarginal: [0, 0, 0, 0, 1, 1, 1] },
  { name: "group_by_prio_mixed_one_marginal8", policy: "group_by_prio", size: 8, marginalPathgroups: true, prio: MIXED8,
    marginal: [0, 0, 0, 0, 0, 1, 0, 0], groups: [[6], [0], [4], [2, 3], [7], [1], [5]], groupMarginal: [0, 0, 0, 0, 0, 0, 1] },
  // an undefined priority (-1) forms its own group, which sorts last
  { name: "group_by_prio_mixed_undef8", policy: "group_by_prio", size: 8, prio: [7, 1, 3, -1, 5, 2, 8, 2],
    groups: [[6], [0], [4], [2], [5, 7], [1], [3]] },
];

const TPG_MIXED_PRIO = [7, 2, 3, 3, 5, 2, 8, 2];
const TPG_MIXED = [1, 2, 3, 3, 4, 2, 5, 6];
const TPG_MIXED_GROUPS = [[6], [0], [4], [2, 3], [1, 5], [7]];
const byTpg: Case[] = [
  // upstream never sets tpg here, so every path carries the zeroed id
  { name: "group_by_tpg_same8", policy: "group_by_tpg", size: 8, tpg: [0, 0, 0, 0, 0, 0, 0, 0], groups: [ALL8] },
  { name: "group_by_tpg_different8", policy: "group_by_tpg", size: 8, prio: UP8, tpg: [3, 5, 4, 1, 8, 6, 7, 2],
    groups: singles([7, 6, 5, 4, 3, 2, 1, 0]) },
  { name: "group_by_tpg_mixed8", policy: "group_by_tpg", size: 8, prio: TPG_MIXED_PRIO, tpg: TPG_MIXED, groups: TPG_MIXED_GROUPS },
  { name: "group_by_tpg_3_groups8", policy: "group_by_tpg", size: 8, prio: [1, 2, 2, 1, 2, 1, 1, 2], tpg: [1, 2, 2, 1, 3, 1, 1, 3],
    groups: [[1, 2], [4, 7], [0, 3, 5, 6]] },
  { name: "group_by_tpg_2_groups4", policy: "group_by_tpg", size: 4, prio: [2, 1, 1, 2], tpg: [1, 2, 2, 1], groups: [[0, 3], [1, 2]] },
  { name: "group_by_tpg1", policy: "group_by_tpg", size: 1, tpg: [0], groups: [[0]] },
  ...emptyCases("group_by_tpg", "group_by_tpg"),
  { name: "group_by_tpg_mixed_all_marginal8", policy: "group_by_tpg", size: 8, marginalPathgroups: true, prio: TPG_MIXED_PRIO,
    tpg: TPG_MIXED, marginal: ALL_MARGINAL8, groups: TPG_MIXED_GROUPS, groupMarginal: [1, 1, 1, 1, 1, 1] },
  { name: "group_by_tpg_mixed_half_marginal8", policy: "group_by_tpg", size: 8, marginalPathgroups: true,
    prio: [7, 1, 3, 3, 3, 2, 8, 2], tpg: [1, 2, 3, 4, 5, 6, 7, 6], marginal: [0, 0, 0, 1, 0, 1, 1, 1],
    groups: [[0], [2], [4], [1], [6], [3], [5, 7]], groupMarginal: [0, 0, 0, 0, 1, 1, 1] },
  // paths 5 and 7 share a tpg, but 5 is marginal, so they part
  { name: "group_by_tpg_mixed_one_marginal8", policy: "group_by_tpg", size: 8, marginalPathgroups: true, prio: MIXED8,
    tpg: [1, 2, 3, 3, 4, 5, 6, 5], marginal: [0, 0, 0, 0, 0, 1, 0, 0],
    groups: [[6], [0], [4], [2, 3], [7], [1], [5]], groupMarginal: [0, 0, 0, 0, 0, 0, 1] },
  // a group's priority is the mean over defined priorities only: {3, -1} counts as 3
  { name: "group_by_tpg_mixed_undef8", policy: "group_by_tpg", size: 8, prio: [-1, 2, 3, -1, 5, 2, 8, 2], tpg: TPG_MIXED,
    groups: [[6], [4], [2, 3], [1, 5], [7], [0]] },
];

const NODE_2G8 = ["a", "a", "b", "a", "b", "b", "b", "a"];
const NODE_2G8_PRIO = [4, 1, 2, 1, 2, 2, 2, 1];
const byNodeName: Case[] = [
  { name: "group_by_node_name_same8", policy: "group_by_node_name", size: 8, node: Array(8).fill("a"), groups: [ALL8] },
  { name: "group_by_node_name_increasing8", policy: "group_by_node_name", size: 8, prio: UP8,
    node: ["a", "b", "c", "d", "e", "f", "g", "h"], groups: singles([7, 6, 5, 4, 3, 2, 1, 0]) },
  { name: "group_by_node_name_3_groups8", policy: "group_by_node_name", size: 8, prio: [4, 1, 4, 1, 1, 1, 1, 4],
    node: ["a", "b", "a", "c", "b", "c", "c", "a"], groups: [[0, 2, 7], [3, 5, 6], [1, 4]] },
  // node "a" averages (4+1+1+1)/4, truncated to 1, below node "b" at 2
  { name: "group_by_node_name_2_groups8", policy: "group_by_node_name", size: 8, prio: NODE_2G8_PRIO, node: NODE_2G8,
    groups: [[2, 4, 5, 6], [0, 1, 3, 7]] },
  { name: "group_by_node_name_3_groups4", policy: "group_by_node_name", size: 4, prio: [3, 1, 3, 1], node: ["a", "b", "c", "a"],
    groups: [[2], [0, 3], [1]] },
  { name: "group_by_node_name_2_groups4", policy: "group_by_node_name", size: 4, prio: [2, 1, 1, 2], node: ["a", "b", "b", "a"],
    groups: [[0, 3], [1, 2]] },
  { name: "group_by_node_name1", policy: "group_by_node_name", size: 1, node: ["a"], groups: [[0]] },
  ...emptyCases("group_by_node_name", "group_by_node_name"),
  { name: "group_by_node_name_2_groups_all_marginal8", policy: "group_by_node_name", size: 8, marginalPathgroups: true,
    prio: NODE_2G8_PRIO, node: NODE_2G8, marginal: ALL_MARGINAL8, groups: [[2, 4, 5, 6], [0, 1, 3, 7]], groupMarginal: [1, 1] },
  { name: "group_by_node_name_2_groups_half_marginal8", policy: "group_by_node_name", size: 8, marginalPathgroups: true,
    prio: NODE_2G8_PRIO, node: NODE_2G8, marginal: [1, 0, 1, 1, 0, 1, 0, 0],
    groups: [[4, 6], [1, 7], [0, 3], [2, 5]], groupMarginal: [0, 0, 1, 1] },
];

const SERIAL_2G8 = ["1", "2", "1", "1", "2", "2", "1", "2"];
const SERIAL_2G8_PRIO = [3, 2, 2, 1, 2, 2, 1, 2];
const bySerial: Case[] = [
  { name: "group_by_serial_same8", policy: "group_by_serial", size: 8, serial: Array(8).fill("1"), groups: [ALL8] },
  { name: "group_by_serial_increasing8", policy: "group_by_serial", size: 8, prio: UP8,
    serial: ["1", "2", "3", "4", "5", "6", "7", "8"], groups: singles([7, 6, 5, 4, 3, 2, 1, 0]) },
  // serial 1 averages 4, serial 3 averages 3, serial 2 averages 1
  { name: "group_by_serial_3_groups8", policy: "group_by_serial", size: 8, prio: [4, 1, 4, 3, 1, 3, 1, 4],
    serial: ["1", "2", "1", "3", "2", "3", "2", "1"], groups: [[0, 2, 7], [3, 5], [1, 4, 6]] },
  // serial "1" averages (3+2+1+1)/4, truncated to 1, below serial "2" at 2
  { name: "group_by_serial_2_groups8", policy: "group_by_serial", size: 8, prio: SERIAL_2G8_PRIO, serial: SERIAL_2G8,
    groups: [[1, 4, 5, 7], [0, 2, 3, 6]] },
  { name: "group_by_serial_3_groups4", policy: "group_by_serial", size: 4, prio: [3, 1, 3, 1], serial: ["1", "2", "3", "2"],
    groups: [[0], [2], [1, 3]] },
  { name: "group_by_serial_2_groups4", policy: "group_by_serial", size: 4, prio: [3, 1, 3, 1], serial: ["1", "2", "1", "2"],
    groups: [[0, 2], [1, 3]] },
  { name: "group_by_serial1", policy: "group_by_serial", size: 1, serial: ["1"], groups: [[0]] },
  ...emptyCases("group_by_serial", "group_by_serial"),
  { name: "group_by_serial_2_groups8_all_marginal8", policy: "group_by_serial", size: 8, marginalPathgroups: true,
    prio: SERIAL_2G8_PRIO, serial: SERIAL_2G8, marginal: ALL_MARGINAL8, groups: [[1, 4, 5, 7], [0, 2, 3, 6]], groupMarginal: [1, 1] },
  { name: "group_by_serial_2_groups8_half_marginal8", policy: "group_by_serial", size: 8, marginalPathgroups: true,
    prio: SERIAL_2G8_PRIO, serial: SERIAL_2G8, marginal: [0, 0, 1, 1, 1, 1, 0, 0],
    groups: [[0, 6], [1, 7], [4, 5], [2, 3]], groupMarginal: [0, 0, 1, 1] },
];

type Named = GroupablePath & { dev: string };

function buildPaths(c: Case): Named[] {
  return Array.from({ length: c.size }, (_, i) => {
    const path: Named = { dev: `p${c.size}_${i}`, priority: c.prio?.[i] ?? 10, state: "up", marginal: c.marginal?.[i] === 1 };
    if (c.tpg) path.tpgId = c.tpg[i];
    if (c.node) path.tgtNodeName = c.node[i];
    if (c.serial) path.serial = c.serial[i];
    return path;
  });
}

const families: [string, Case[]][] = [
  ["one_group (multibus)", oneGroup],
  ["one_path_per_group (failover)", onePathPerGroup],
  ["group_by_prio", byPrio],
  ["group_by_tpg", byTpg],
  ["group_by_node_name", byNodeName],
  ["group_by_serial", bySerial],
];

for (const [family, cases] of families) {
  describe(`upstream pgpolicy: ${family}`, () => {
    for (const c of cases) {
      test(c.nullVector ? `${c.name} (no path vector: run as empty)` : c.name, () => {
        const paths = buildPaths(c);
        const groups = groupPaths(c.policy, paths, c.marginalPathgroups ?? false);
        // positions by identity, as upstream compares the path pointers
        const positions = groups.map((g) => g.map((p) => paths.indexOf(p)));
        expect(positions).toEqual(c.groups);
        // every path lands in exactly one group
        expect(groups.reduce((n, g) => n + g.length, 0)).toBe(paths.length);
        const marginalFlags = groups.map((g) => groupStats(g).marginal);
        expect(marginalFlags).toEqual(c.groups.map((_, i) => c.groupMarginal?.[i] === 1));
      });
    }
  });
}

// Not in upstream's file: with every path up, the sorted order should already
// put first the group select_path_group starts with.
describe("upstream pgpolicy cases: first group is the best group", () => {
  const all = families.flatMap(([, cases]) => cases).filter((c) => c.size > 0);
  test.each(all.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const groups = groupPaths(c.policy, buildPaths(c), c.marginalPathgroups ?? false);
    expect(bestGroup(groups)).toBe(1);
  });
});

test("all 68 upstream cases are in the tables", () => {
  const names = families.flatMap(([, cases]) => cases.map((c) => c.name));
  expect(names.length).toBe(68);
  expect(new Set(names).size).toBe(68);
});
