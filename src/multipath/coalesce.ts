// From discovered paths to the maps multipath wants (upstream's
// coalesce_paths + setup_map): paths with one WWID form a map, the map's
// settings come from the configuration, paths are grouped and the table is
// assembled; select_action then says what to do with the kernel's map.
import type { Config, DeviceEntry } from "../config/index.ts";
import { KEYWORDS, findDeviceEntries, selectMapSettings } from "../config/index.ts";
import type { MapSettings } from "../config/mapSettings.ts";
import type { PathFacts } from "../discovery/pathFacts.ts";
import { LOG, condlog } from "../log.ts";
import { type PgPolicy, bestGroup, groupPaths } from "../policy/pathGroups.ts";
import { assembleParams, effectiveFeatures } from "./assemble.ts";
import type { KernelMap } from "./kernelMaps.ts";
import type { PathCheck } from "./pathCheck.ts";
import { type CurrentMap, type MapAction, selectAction } from "./selectAction.ts";
import { countedString, selectorString } from "../dm/mpathTable.ts";
import { hwIdentity } from "./settingsFacts.ts";

/** `order`: position in the path list (upstream's pathvec order); the
 * target port group is read only when a policy needs it. */
export type Path = {
  facts: PathFacts; check: PathCheck; tpgId: () => number; order: number;
  /** set when the device went away during the run: no map takes it again */
  gone?: boolean;
};
export type WantedMap = {
  wwid: string;
  alias: string;
  sizeSectors: number;
  settings: MapSettings;
  groups: Path[][];
  bestGroup: number;
  params: string;
  action: MapAction | "dry-run";
  /** reload without the "reload" udev flag (select_action's force_udev_reload) */
  forceUdevReload?: boolean;
  current?: KernelMap;
  /** set by the consumer when the kernel refused the map; as upstream
   * (remove_map orphans the paths), the WWID's next path tries again,
   * without the paths the consumer marked gone meanwhile */
  failed?: boolean;
};

export type FindMultipaths = "off" | "on" | "strict" | "greedy" | "smart";

/** should_multipath: whether a WWID gets a map in create mode. */
export function shouldMultipath(mode: FindMultipaths, wwid: string, pathCount: number, inWwidsFile: boolean, mapExists: boolean): boolean {
  if (mode === "off" || mode === "greedy") return true;
  if (inWwidsFile || mapExists) return true;
  if (mode === "strict") return false;
  return pathCount > 1; // on, smart
}

export function currentMapView(m: KernelMap, udevReady: boolean): CurrentMap {
  return {
    wwid: m.wwid, alias: m.name, sizeSectors: m.sizeSectors, features: countedString(m.table.features),
    hwhandler: countedString(m.table.hwhandler), selector: m.table.groups[0] ? selectorString(m.table.groups[0]) : "",
    minio: Number(m.table.groups[0]?.paths[0]?.args[0] ?? 0), groups: m.table.groups.map((g) => g.paths.map((p) => p.devt)),
    nextGroup: m.table.nextGroup, udevReady,
  };
}

export type CoalesceOpts = {
  config: Config;
  current: readonly KernelMap[];
  udevReady: (m: KernelMap) => boolean;
  findMultipaths: FindMultipaths;
  inWwidsFile: (wwid: string) => boolean;
  /** whether a path's device is still there (verify_paths, before a map is set up) */
  present: (p: Path) => boolean;
  alias: (wwid: string, settings: MapSettings, aliasOld: string) => string;
  refWwid?: string;
  pgpolicy?: PgPolicy;
  forceReload: boolean;
  dryRun: boolean;
  kernel: readonly [number, number];
};

/** The wanted maps, one at a time: the caller acts on each (and logs) before
 * the next alias is chosen, in upstream's order. */
export function* coalesce(paths: readonly Path[], o: CoalesceOpts): Generator<WantedMap> {
  const done = new Set<string>();
  const currentViews = o.current.map((m) => currentMapView(m, o.udevReady(m)));
  // Without -r, paths already in a map are left to it (upstream: pp->mpp is set).
  const inMaps = new Set(o.forceReload ? [] : o.current.flatMap((m) => m.table.groups.flatMap((g) => g.paths.map((p) => p.devt))));
  for (const first of paths) {
    if (inMaps.has(first.facts.devt) || first.gone) continue;
    const wwid = first.check.wwid;
    if (!wwid) {
      condlog(LOG.INFO, `${first.facts.dev}: orphan path, no WWID`);
      continue;
    }
    if (done.has(wwid)) continue;
    done.add(wwid);
    if (o.refWwid && wwid !== o.refWwid) continue;
    const members = paths.filter((p) => p.check.wwid === wwid && !inMaps.has(p.facts.devt) && !p.gone);
    const cur = o.current.find((m) => m.wwid === wwid);
    if (!o.refWwid && !shouldMultipath(o.findMultipaths, wwid, members.length, o.inWwidsFile(wwid), cur !== undefined)) {
      condlog(LOG.INFO, `${first.facts.dev}: orphan path, only one path`);
      continue;
    }
    const size = first.facts.sizeSectors;
    const sized = members.filter((p) => {
      if (p.facts.sizeSectors === size) return true;
      condlog(LOG.ERR, `${p.facts.dev}: size ${p.facts.sizeSectors}, expected ${size}. Discard`);
      return false;
    });
    const hwes: readonly DeviceEntry[] = findDeviceEntries(o.config, hwIdentity(first.facts));
    const settings = selectMapSettings(o.config, {
      wwid, hwes, kernel: o.kernel, ...(o.pgpolicy ? { pgpolicyFlag: o.pgpolicy } : {}),
      paths: sized.map((p) => ({ prio: p.check.settings.prio.value, tpgs: p.check.tpgs })),
      // setup_map forces bio queueing for maps with nvme:tcp paths
      ...(sized.some((p) => p.facts.protocol === "nvme:tcp") ? { queueMode: "bio" as const } : {}),
    });
    const alias = o.alias(wwid, settings, cur?.name ?? "");
    // as verify_paths: a path removed since discovery would fail the table
    const present = sized.filter((p) => {
      if (o.present(p)) return true;
      condlog(LOG.NOTICE, `${alias}: failed to access path ${p.facts.dev}`);
      condlog(LOG.INFO, `${p.facts.dev}: orphan path, removed`);
      p.gone = true;
      return false;
    });
    if (present.length === 0) continue;
    const marginalPg = (o.config.defaults.marginal_pathgroups ?? KEYWORDS.marginal_pathgroups.builtin) === "on";
    const groups = groupPaths(settings.path_grouping_policy.value, present.map((p) => ({
      path: p, priority: p.check.priority, state: p.check.check.state, serial: p.facts.serial, tgtNodeName: p.facts.tgtNodeName,
      ...(settings.path_grouping_policy.value === "group_by_tpg" ? { tpgId: p.tpgId() } : {}),
    })), marginalPg).map((g) => g.map((x) => x.path));
    const best = bestGroup(groups.map((g) => g.map((p) => ({ priority: p.check.priority, state: p.check.check.state }))));
    const npr = settings.no_path_retry.value;
    const input = {
      features: settings.features.value, hwhandler: settings.hardware_handler.value, selector: settings.path_selector.value,
      noPathRetry: npr === undefined ? ("undef" as const) : npr, retainHwhandler: settings.retain_attached_hw_handler.value === "yes",
      rrWeight: settings.rr_weight.value, minio: settings.rr_min_io_rq.value, bestGroup: best, kernel: o.kernel,
      groups: groups.map((g) => ({ paths: g.map((p) => ({ devt: p.facts.devt, priority: p.check.priority })) })),
    };
    const params = assembleParams(input);
    let action: MapAction | "dry-run" = "dry-run";
    let finalAlias = alias;
    let forceUdevReload = false;
    if (!o.dryRun) {
      const r = selectAction({
        wwid, alias, sizeSectors: size, features: effectiveFeatures(input), hwhandler: settings.hardware_handler.value,
        selector: settings.path_selector.value, minio: settings.rr_min_io_rq.value,
        groups: groups.map((g) => g.map((p) => p.facts.devt)), bestGroup: best, noPathRetrySet: npr !== undefined,
        retainHwhandler: settings.retain_attached_hw_handler.value === "yes" ? "on" : "off",
        activePaths: present.filter((p) => p.check.check.state === "up" || p.check.check.state === "ghost").length,
        kernel: o.kernel,
      }, currentViews, o.forceReload);
      for (const l of r.logs) condlog(l.level, l.msg);
      action = r.action;
      finalAlias = r.alias;
      forceUdevReload = r.forceUdevReload;
    }
    const wanted: WantedMap = { wwid, alias: finalAlias, sizeSectors: size, settings, groups, bestGroup: best, params, action, forceUdevReload, ...(cur ? { current: cur } : {}) };
    yield wanted;
    if (wanted.failed) done.delete(wwid);
  }
}
