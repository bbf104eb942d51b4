// Path grouping as upstream's pgpolicies.c and switchgroup.c do it: the
// policy forms groups (paths keep their order), marginal paths are grouped
// apart when marginal_pathgroups is on, groups are sorted (normal before
// marginal, higher priority, more usable paths; stable), and the best group
// is the one the kernel starts with.
import type { CheckerState } from "../checkers/state.ts";

export type PgPolicy = "failover" | "multibus" | "group_by_serial" | "group_by_prio" | "group_by_node_name" | "group_by_tpg";

export type GroupablePath = {
  priority: number;
  state: CheckerState;
  serial?: string;
  tgtNodeName?: string;
  tpgId?: number;
  marginal?: boolean;
};

export type GroupStats = { priority: number; enabledPaths: number; marginal: boolean };

const usable = (p: GroupablePath) => p.state === "up" || p.state === "ghost";

/** path_group_prio_update */
export function groupStats(paths: readonly GroupablePath[]): GroupStats {
  let sum = 0, defined = 0, enabled = 0, marginal = 0;
  for (const p of paths) {
    if (p.marginal) marginal++;
    if (!usable(p)) continue;
    enabled++;
    if (p.priority !== -1) {
      sum += p.priority;
      defined++;
    }
  }
  const priority = defined ? Math.trunc(sum / defined) : enabled ? -1 : 0;
  return { priority, enabledPaths: enabled, marginal: marginal > 0 && marginal === paths.length };
}

function groupByMatch<T extends GroupablePath>(paths: readonly T[], same: (a: T, b: T) => boolean): T[][] {
  const taken = new Set<number>();
  const groups: T[][] = [];
  paths.forEach((p, i) => {
    if (taken.has(i)) return;
    const g = [p];
    taken.add(i);
    for (let j = i + 1; j < paths.length; j++) {
      if (!taken.has(j) && same(p, paths[j]!)) {
        g.push(paths[j]!);
        taken.add(j);
      }
    }
    groups.push(g);
  });
  return groups;
}

function applyPolicy<T extends GroupablePath>(policy: PgPolicy, paths: readonly T[]): T[][] {
  switch (policy) {
    case "failover":
      return paths.map((p) => [p]);
    case "multibus":
      return paths.length ? [[...paths]] : [];
    case "group_by_serial":
      return groupByMatch(paths, (a, b) => (a.serial ?? "") === (b.serial ?? ""));
    case "group_by_prio":
      return groupByMatch(paths, (a, b) => a.priority === b.priority);
    case "group_by_node_name":
      return groupByMatch(paths, (a, b) => (a.tgtNodeName ?? "") === (b.tgtNodeName ?? ""));
    case "group_by_tpg":
      return groupByMatch(paths, (a, b) => (a.tpgId ?? -1) === (b.tpgId ?? -1));
  }
}

/** sort_pathgroups: a stable sort, normal before marginal, then priority and usable paths, descending. */
export function sortGroups<T extends GroupablePath>(groups: T[][]): T[][] {
  const keyed = groups.map((g, i) => ({ g, i, s: groupStats(g) }));
  keyed.sort((a, b) =>
    Number(a.s.marginal) - Number(b.s.marginal) || b.s.priority - a.s.priority || b.s.enabledPaths - a.s.enabledPaths || a.i - b.i);
  return keyed.map((k) => k.g);
}

export function groupPaths<T extends GroupablePath>(policy: PgPolicy, paths: readonly T[], marginalPathgroups = false): T[][] {
  if (paths.length === 0) return [];
  const normal = paths.filter((p) => !p.marginal);
  const marginal = paths.filter((p) => p.marginal);
  const groups = marginalPathgroups && normal.length && marginal.length
    ? [...applyPolicy(policy, normal), ...applyPolicy(policy, marginal)]
    : applyPolicy(policy, paths);
  return sortGroups(groups);
}

/** select_path_group: the 1-based group to start with. */
export function bestGroup(groups: readonly (readonly GroupablePath[])[]): number {
  let best = 1, normalSeen = false, maxPrio = 0, maxEnabled = 1;
  groups.forEach((g, i) => {
    if (g.length === 0) return;
    const s = groupStats(g);
    if (s.marginal && normalSeen) return;
    if (!s.enabledPaths) return;
    if (!s.marginal && !normalSeen) {
      normalSeen = true;
      maxPrio = s.priority;
      maxEnabled = s.enabledPaths;
      best = i + 1;
    } else if (s.priority > maxPrio) {
      maxPrio = s.priority;
      maxEnabled = s.enabledPaths;
      best = i + 1;
    } else if (s.priority === maxPrio && s.enabledPaths > maxEnabled) {
      maxEnabled = s.enabledPaths;
      best = i + 1;
    }
  });
  return best;
}
