// Builds the printable view of a kernel map: groups and paths from its
// table, states from its status, path facts from sysfs (and, for -ll,
// checker states and priorities from the caller).
import { countedString, selectorString } from "../dm/mpathTable.ts";
import type { SysfsPath } from "../discovery/sysfsPath.ts";
import type { CheckerState, GroupView, MapView, PathView } from "../print/views.ts";
import type { KernelMap } from "./kernelMaps.ts";
import { groupStats } from "../policy/pathGroups.ts";

export type PathExtras = { checkerState?: CheckerState; priority?: number; wwid?: string; checker?: string };

export type ViewOpts = {
  lookupPath: (devt: string) => SysfsPath | null;
  /** whether a block device with this devt exists; a table path without one is
   * left out, as upstream discards non-existing paths (and then empty groups) */
  pathExists?: (devt: string) => boolean;
  log?: (level: number, msg: string) => void;
  /** checker state, priority and WWID per path, as the mode found them */
  extras?: (devt: string, facts: SysfsPath | null) => PathExtras;
};

/** Group priority as upstream (path_group_prio_update) over printable paths. */
export function groupPriority(paths: readonly PathView[]): number {
  return groupStats(paths.map((p) => ({ priority: p.priority, state: p.checkerState ?? "unchecked" }))).priority;
}

export function mapView(m: KernelMap, opts: ViewOpts): MapView {
  const groups: GroupView[] = m.table.groups.map((g, gi) => {
    const sg = m.status.groups[gi];
    const paths: PathView[] = g.paths.flatMap((tp, pi) => {
      const facts = opts.lookupPath(tp.devt);
      if (!facts && opts.pathExists && !opts.pathExists(tp.devt)) {
        opts.log?.(2, `get_udev_device: failed to look up ${tp.devt} with type 1`);
        opts.log?.(2, `${m.name}: discarding non-existing path ${tp.devt}`);
        return [];
      }
      const sp = sg?.paths[pi];
      const extra = opts.extras?.(tp.devt, facts) ?? {};
      const pv: PathView = {
        devt: tp.devt, priority: extra.priority ?? -1,
        dmState: sp ? (sp.active ? "active" : "failed") : "undef", inMap: true,
        sysfsDown: facts?.sysfsState === "down",
      };
      if (facts) {
        pv.dev = facts.dev;
        if (facts.hcil) pv.hcil = facts.hcil;
        if (facts.vendor !== undefined) pv.vendor = facts.vendor;
        if (facts.product !== undefined) pv.product = facts.product;
        if (facts.rev !== undefined) pv.rev = facts.rev;
        pv.sizeSectors = facts.sizeSectors;
      }
      if (extra.checkerState) pv.checkerState = extra.checkerState;
      if (extra.wwid) pv.wwid = extra.wwid;
      if (extra.checker) pv.checker = extra.checker;
      return [pv];
    });
    return {
      selector: selectorString(g), paths, state: sg?.state ?? "undef", priority: groupPriority(paths),
    };
  }).filter((g, i, all) => {
    if (g.paths.length > 0 || !opts.pathExists) return true;
    // the index upstream logs counts the groups already removed
    opts.log?.(2, `${m.name}: removing empty pathgroup ${all.slice(0, i).filter((x) => x.paths.length > 0).length}`);
    return false;
  });
  return {
    alias: m.name, wwid: m.wwid, dm: { minor: m.info.minor, readOnly: m.info.readOnly }, suspended: m.info.suspended,
    sizeSectors: m.sizeSectors,
    features: countedString(m.table.features), hwhandler: countedString(m.table.hwhandler), groups,
  };
}
