// What the printers see of paths, path groups and maps: plain facts, as
// discovery, the kernel's table/status and the checkers report them. The
// field tables turn them into upstream's words.
import type { FieldTable } from "./format.ts";
import { formatSize } from "./size.ts";

export type CheckerState =
  | "up" | "down" | "shaky" | "ghost" | "pending" | "timeout" | "delayed" | "disconnected" | "unchecked" | "wild";
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
};

export type GroupView = { selector: string; priority: number; state: PgState; paths: PathView[] };

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
};

const CHECKER_WORDS: Record<CheckerState, string> = {
  up: "ready", down: "faulty", shaky: "shaky", ghost: "ghost", pending: "i/o pending", timeout: "i/o timeout",
  delayed: "delayed", disconnected: "disconnected", unchecked: "undef", wild: "undef",
};

export const PATH_FIELDS: FieldTable<PathView> = [
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
  { wildcard: "z", header: "serial", render: (p) => p.serial ?? "" },
];

export const GROUP_FIELDS: FieldTable<GroupView> = [
  { wildcard: "s", header: "selector", render: (g) => g.selector },
  { wildcard: "p", header: "pri", render: (g) => String(g.priority) },
  { wildcard: "t", header: "dm_st", render: (g) => g.state },
];

function vendorProduct(m: MapView): string {
  for (const g of m.groups) for (const p of g.paths) if (p.vendor && p.product) return `${p.vendor},${p.product}`;
  return "##,##";
}

export const MAP_FIELDS: FieldTable<MapView> = [
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
  { wildcard: "N", header: "paths", render: (m) => String(m.groups.reduce((n, g) => n + g.paths.length, 0)) },
];
