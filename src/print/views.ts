// What the printers see of paths, path groups and maps: plain facts, as
// discovery, the kernel's table/status and the checkers report them. The
// field tables turn them into upstream's words.
import type { FieldTable } from "./format.ts";
import { formatSize } from "./size.ts";

import type { CheckerState } from "../checkers/state.ts";

export type { CheckerState };
export type DmPathState = "active" | "failed" | "undef";
export type PgState = "active" | "enabled" | "disabled" | "undef";

export type PathView = {
  dev?: string; // sda
  devt?: string; // 8:0
  wwid?: string;
  hcil?: { host: number; channel: number; id: number; lun: number };
  vendor?: string; product?: string; rev?: string;
  /** -1 when not computed */
  priority: number;
  dmState: DmPathState;
  checkerState?: CheckerState;
  /** sysfs device state is "offline" (upstream: sysfs_state == PATH_DOWN) */
  sysfsDown?: boolean;
  /** belongs to a map: without one, chk_st is undef and dev_st unknown */
  inMap: boolean;
  serial?: string;
  sizeSectors?: number;
  /** the checker's name ("tur", "directio", ...) */
  checker?: string;
  /** position in the checker interval, for next_check */
  tick?: { tick: number; interval: number };
  marginal?: boolean;
  /** the owning map's alias; an orphan waiting to come online shows [offline] */
  mapAlias?: string;
  addWhenOnline?: boolean;
  /** FC/transport attributes, already resolved ("[undef]" when not FC) */
  hostWwnn?: string; hostWwpn?: string; tgtWwnn?: string; tgtWwpn?: string; hostAdapter?: string;
  failures?: number;
  protocol?: string;
  initState?: "new" | "failed" | "udev-missing" | "udev-requested" | "ok" | "removed" | "partial";
  tpgId?: number;
  maxSectorsKb?: number;
  /** vendor-specific VPD data (vpd_vendor), when configured */
  vpdData?: string;
};

export type GroupView = { selector: string; priority: number; state: PgState; paths: PathView[]; marginal?: boolean };

export type MapAction = "create" | "reload" | "switchpg" | "rename" | "reject" | "other" | "nothing";

export type MapView = {
  alias?: string;
  wwid: string;
  /** dm minor and read-only flag, when the kernel map exists */
  dm?: { minor: number; readOnly: boolean };
  sizeSectors: number;
  features: string;
  hwhandler: string;
  groups: GroupView[];
  action?: MapAction;
  suspended?: boolean;
  failback?: { mode: "immediate" | "followover" | "manual" | "undef" } | { deferredSecs: number; tick: number };
  queueing?: { mode: "fail" | "queue" | "undef" } | { retries: number; retryTick: number };
  stats?: { pathFaults: number; switchGroup: number; mapLoads: number; totalQTime: number; qTimeouts: number; mapFailures: number };
  maxSectorsKb?: number;
};

const CHECKER_WORDS: Record<CheckerState, string> = {
  up: "ready", down: "faulty", shaky: "shaky", ghost: "ghost", pending: "i/o pending", timeout: "i/o timeout",
  delayed: "delayed", disconnected: "disconnected", unchecked: "undef", wild: "undef", removed: "undef",
};

/** upstream's progress bar: 10 cells of X and ., then " cur/total" */
export function progress(cur: number, total: number): string {
  let bar = "";
  if (total > 0) {
    const x = Math.trunc((10 * cur) / total);
    bar = "X".repeat(Math.max(0, x)) + ".".repeat(Math.max(0, 10 - x));
  }
  return `${bar} ${cur}/${total}`;
}

function lunHex(p: PathView): string {
  if (!p.hcil) return "0xffffffffffffffff";
  const lun = BigInt(p.hcil.lun);
  const v = ((lun & 0xffffn) << 48n) | ((lun & 0xffff0000n) << 16n) | ((lun & 0xffff00000000n) >> 16n) |
    ((lun & 0xffff000000000000n) >> 48n);
  return `0x${v.toString(16).padStart(16, "0")}`;
}

const UNDEF = "[undef]";

function inOrder<T>(order: string, fields: FieldTable<T>): FieldTable<T> {
  return [...order].map((wc) => {
    const f = fields.find((x) => x.wildcard === wc);
    if (!f) throw new Error(`no field %${wc}`);
    return f;
  });
}

// Upstream's table order (show wildcards lists the fields in it).
export const PATH_FIELDS: FieldTable<PathView> = inOrder("widDtoTscCpSzMmNnRraGg0PILAk", [
  { wildcard: "w", header: "uuid", render: (p) => p.wwid ?? "" },
  { wildcard: "i", header: "hcil", render: (p) => p.hcil ? `${p.hcil.host}:${p.hcil.channel}:${p.hcil.id}:${p.hcil.lun}` : "#:#:#:#" },
  { wildcard: "d", header: "dev", render: (p) => p.dev || "-" },
  { wildcard: "D", header: "dev_t", render: (p) => (p.dev ? (p.devt ?? "") : "#:#") },
  { wildcard: "t", header: "dm_st", render: (p) => p.dmState },
  { wildcard: "o", header: "dev_st", render: (p) => (!p.inMap ? "unknown" : p.sysfsDown ? "offline" : "running") },
  { wildcard: "T", header: "chk_st", render: (p) => (!p.inMap || !p.checkerState ? "undef" : CHECKER_WORDS[p.checkerState]) },
  { wildcard: "s", header: "vend/prod/rev", render: (p) => `${p.vendor || "##"},${p.product || "##"},${p.rev || "##"}` },
  { wildcard: "p", header: "pri", render: (p) => String(p.priority) },
  { wildcard: "S", header: "size", render: (p) => formatSize(p.sizeSectors ?? 0) },
  { wildcard: "c", header: "checker", render: (p) => p.checker ?? "(null)" },
  { wildcard: "C", header: "next_check", render: (p) => (!p.inMap ? "orphan" : progress(p.tick?.tick ?? 0, p.tick?.interval ?? 0)) },
  { wildcard: "z", header: "serial", render: (p) => p.serial ?? "" },
  { wildcard: "M", header: "marginal_st", render: (p) => (p.marginal ? "marginal" : "normal") },
  {
    wildcard: "m", header: "multipath",
    render: (p) => (!p.inMap ? (p.addWhenOnline ? "[offline]" : "[orphan]") : (p.mapAlias ?? "[unknown]")),
  },
  { wildcard: "N", header: "host WWNN", render: (p) => p.hostWwnn ?? UNDEF },
  { wildcard: "n", header: "target WWNN", render: (p) => p.tgtWwnn || UNDEF },
  { wildcard: "R", header: "host WWPN", render: (p) => p.hostWwpn ?? UNDEF },
  { wildcard: "r", header: "target WWPN", render: (p) => p.tgtWwpn ?? UNDEF },
  { wildcard: "a", header: "host adapter", render: (p) => p.hostAdapter ?? UNDEF },
  { wildcard: "G", header: "foreign", render: () => "--" },
  { wildcard: "g", header: "vpd page data", render: (p) => p.vpdData ?? UNDEF },
  { wildcard: "0", header: "failures", render: (p) => String(p.failures ?? 0) },
  { wildcard: "P", header: "protocol", render: (p) => p.protocol ?? "undef" },
  { wildcard: "I", header: "init_st", render: (p) => p.initState ?? "undef" },
  { wildcard: "L", header: "LUN hex", render: lunHex },
  { wildcard: "A", header: "TPG", render: (p) => (p.tpgId === undefined || p.tpgId < 0 ? UNDEF : `0x${p.tpgId.toString(16).padStart(4, "0")}`) },
  { wildcard: "k", header: "max_sectors_kb", render: (p) => (p.maxSectorsKb === undefined ? "n/a" : String(p.maxSectorsKb)) },
]);

export const GROUP_FIELDS: FieldTable<GroupView> = inOrder("sptM", [
  { wildcard: "s", header: "selector", render: (g) => g.selector },
  { wildcard: "p", header: "pri", render: (g) => String(g.priority) },
  { wildcard: "t", header: "dm_st", render: (g) => g.state },
  { wildcard: "M", header: "marginal_st", render: (g) => (g.marginal ? "marginal" : "normal") },
]);

function firstPathValue(m: MapView, key: "vendor" | "product" | "rev"): string {
  for (const g of m.groups) for (const p of g.paths) if (p[key]) return p[key]!;
  return "##";
}

function failback(m: MapView): string {
  const f = m.failback;
  if (!f) return "undef";
  if ("mode" in f) return f.mode;
  return f.tick ? progress(f.tick, f.deferredSecs) : `deferred:${f.deferredSecs}`;
}

function activePaths(m: MapView): number {
  let n = 0;
  for (const g of m.groups) for (const p of g.paths) if (p.checkerState === "up" || p.checkerState === "ghost") n++;
  return n;
}

function queueing(m: MapView): string {
  const q = m.queueing;
  if (!q) return "-";
  if ("mode" in q) return q.mode === "fail" ? "off" : q.mode === "queue" ? "on" : "-";
  if (q.retryTick > 0) return `${q.retryTick} sec`;
  return q.retryTick === 0 && activePaths(m) > 0 ? `${q.retries} chk` : "off";
}

function vendorProduct(m: MapView): string {
  for (const g of m.groups) for (const p of g.paths) if (p.vendor && p.product) return `${p.vendor},${p.product}`;
  return "##,##";
}

export const MAP_FIELDS: FieldTable<MapView> = inOrder("nwdFQNrtSfxhA01234svpeGgk", [
  { wildcard: "n", header: "name", render: (m) => m.alias ?? m.wwid },
  { wildcard: "w", header: "uuid", render: (m) => m.wwid },
  { wildcard: "d", header: "sysfs", render: (m) => (m.dm ? `dm-${m.dm.minor}` : "undef") },
  { wildcard: "r", header: "write_prot", render: (m) => (!m.dm ? "undef" : m.dm.readOnly ? "ro" : "rw") },
  { wildcard: "S", header: "size", render: (m) => formatSize(m.sizeSectors) },
  { wildcard: "f", header: "features", render: (m) => m.features },
  { wildcard: "h", header: "hwhandler", render: (m) => m.hwhandler },
  {
    wildcard: "A", header: "action",
    render: (m) => (m.action && !["other", "nothing"].includes(m.action) ? m.action : ""),
  },
  { wildcard: "s", header: "vend/prod", render: vendorProduct },
  { wildcard: "F", header: "failback", render: failback },
  { wildcard: "Q", header: "queueing", render: queueing },
  { wildcard: "N", header: "paths", render: (m) => String(activePaths(m)) },
  { wildcard: "t", header: "dm-st", render: (m) => (!m.dm ? "undef" : m.suspended ? "suspend" : "active") },
  { wildcard: "x", header: "failures", render: (m) => String(m.stats?.mapFailures ?? 0) },
  { wildcard: "0", header: "path_faults", render: (m) => String(m.stats?.pathFaults ?? 0) },
  { wildcard: "1", header: "switch_grp", render: (m) => String(m.stats?.switchGroup ?? 0) },
  { wildcard: "2", header: "map_loads", render: (m) => String(m.stats?.mapLoads ?? 0) },
  { wildcard: "3", header: "total_q_time", render: (m) => String(m.stats?.totalQTime ?? 0) },
  { wildcard: "4", header: "q_timeouts", render: (m) => String(m.stats?.qTimeouts ?? 0) },
  { wildcard: "v", header: "vend", render: (m) => firstPathValue(m, "vendor") },
  { wildcard: "p", header: "prod", render: (m) => firstPathValue(m, "product") },
  { wildcard: "e", header: "rev", render: (m) => firstPathValue(m, "rev") },
  { wildcard: "G", header: "foreign", render: () => "--" },
  { wildcard: "g", header: "vpd page data", render: (m) => m.groups.flatMap((g) => g.paths).find((p) => p.vpdData)?.vpdData ?? UNDEF },
  { wildcard: "k", header: "max_sectors_kb", render: (m) => (m.maxSectorsKb === undefined ? "n/a" : String(m.maxSectorsKb)) },
]);
