// What to do with a map we want, given the maps the kernel has: create it,
// rename, resize, reload, only switch the path group, or nothing. Mirrors
// upstream's select_action, reasons and messages included.
import { removeFeature } from "../config/features.ts";

export type MapAction =
  | "create" | "nothing" | "impossible" | "rename" | "resize" | "resize-rename" | "reload" | "reload-rename"
  | "switchpg" | "switchpg-rename" | "reject";

export type ComparedMap = {
  wwid: string;
  alias: string;
  sizeSectors: number;
  features: string;
  hwhandler: string;
  selector: string;
  minio: number;
  /** devts per path group */
  groups: string[][];
};
export type CurrentMap = ComparedMap & { nextGroup: number; udevReady: boolean };
export type WantedMap = ComparedMap & {
  bestGroup: number;
  /** no_path_retry configured at all */
  noPathRetrySet: boolean;
  retainHwhandler: "undef" | "on" | "off";
  activePaths: number;
  kernel: readonly [number, number];
};
/** `forceUdevReload`: the reload's uevent must not carry the "reload" udev
 * flag, so that the rules treat it as a fresh map (kpartx, blkid run again). */
export type ActionResult = {
  action: MapAction; alias: string; reason: string; forceUdevReload: boolean; logs: { level: number; msg: string }[];
};

/** pgcmp: whether the path group topology differs (group order is free). */
export function groupsDiffer(want: string[][], cur: string[][]): boolean {
  if (want.length !== cur.length) return true;
  const used = new Set<number>();
  for (const g of want) {
    let found = false;
    if (g.length === 0) {
      const j = cur.findIndex((c, k) => !used.has(k) && c.length === 0);
      if (j >= 0) {
        used.add(j);
        found = true;
      }
    } else {
      for (let j = 0; j < cur.length && !found; j++) {
        const c = cur[j]!;
        if (used.has(j) || c.length !== g.length || !c.includes(g[0]!)) continue;
        used.add(j);
        if (g.some((p) => !c.includes(p))) return true;
        found = true;
      }
    }
    if (!found) return true;
  }
  return false;
}

const has = (features: string, f: string) => features.includes(f);

export function selectAction(want: WantedMap, current: readonly CurrentMap[], forceReload: boolean): ActionResult {
  const logs: ActionResult["logs"] = [];
  let alias = want.alias;
  const byWwid = current.find((m) => m.wwid === want.wwid);
  const byName = current.find((m) => m.alias === alias);
  const done = (action: MapAction, reason: string, forceUdevReload = false): ActionResult => {
    logs.push({ level: 3, msg: `${alias}: set ${reasonTag(action)} (${reason})` });
    return { action, alias, reason, forceUdevReload, logs };
  };
  if (!byWwid) {
    if (byName) {
      logs.push({ level: 1, msg: `${want.wwid}: can't use alias "${alias}" used by ${byName.wwid}, falling back to WWID` });
      alias = want.wwid;
    }
    return done("create", `map does not exist${byName ? ", name changed" : ""}`);
  }
  let action: MapAction = "nothing";
  if (!byName) {
    logs.push({ level: 2, msg: `${want.wwid}: rename ${byWwid.alias} to ${alias}` });
    action = "rename";
  } else if (byName !== byWwid) {
    logs.push({ level: 2, msg: `${want.wwid}: unable to rename ${byWwid.alias} to ${alias} (${alias} is used by ${byName.wwid})` });
    alias = byWwid.alias;
    action = "impossible";
  }
  const renaming = action === "rename";
  const reload = (reason: string, forceUdevReload = false) => done(renaming ? "reload-rename" : "reload", reason, forceUdevReload);
  if (byWwid.sizeSectors !== want.sizeSectors) return done(renaming ? "resize-rename" : "resize", "size change", true);
  if (forceReload) return reload("forced by user", true);
  if (!byWwid.udevReady && want.activePaths > 0) return reload("udev incomplete", true);
  if (want.noPathRetrySet && has(want.features, "queue_if_no_path") !== has(byWwid.features, "queue_if_no_path")) {
    return reload("no_path_retry change");
  }
  if ((want.retainHwhandler !== "on" || byWwid.hwhandler === "0") &&
    (byWwid.hwhandler.length !== want.hwhandler.length || !byWwid.hwhandler.startsWith(want.hwhandler))) {
    return reload("hwhandler change");
  }
  const oldKernel = want.kernel[0] < 4 || (want.kernel[0] === 4 && want.kernel[1] < 3);
  if (want.retainHwhandler !== "undef" && oldKernel &&
    has(want.features, "retain_attached_hw_handler") !== has(byWwid.features, "retain_attached_hw_handler")) {
    return reload("retain_hwhandler change");
  }
  const strip = (f: string) => removeFeature(removeFeature(f, "queue_if_no_path"), "retain_attached_hw_handler");
  if (strip(want.features) !== strip(byWwid.features)) return reload("features change");
  if (!byWwid.selector.startsWith(want.selector)) return reload("selector change");
  if (byWwid.minio !== want.minio) return reload("minio change");
  if (groupsDiffer(want.groups, byWwid.groups)) return reload("path group topology change");
  if (byWwid.nextGroup !== want.bestGroup) return done(renaming ? "switchpg-rename" : "switchpg", "next path group change");
  if (action === "nothing") logs.push({ level: 3, msg: `${alias}: set ACT_NOTHING (map unchanged)` });
  return { action, alias, reason: "", forceUdevReload: false, logs };
}

function reasonTag(a: MapAction): string {
  if (a === "create") return "ACT_CREATE";
  if (a.startsWith("resize")) return "ACT_RESIZE";
  if (a.startsWith("reload")) return "ACT_RELOAD";
  if (a.startsWith("switchpg")) return "ACT_SWITCHPG";
  return "ACT_NOTHING";
}
