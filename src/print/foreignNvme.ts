// How the nvme foreign library fills the format wildcards, and the
// topology `multipath -l/-ll` prints for its maps: a wildcard it does not
// know prints "n/a"; values are sysfs attributes as discovery read them (the
// model with its trailing blanks cut, the firmware revision as is).
import type { ForeignNvmeMap, ForeignNvmePath } from "../foreign/nvme.ts";
import { type Field, type FieldTable, formatLine, layout } from "./format.ts";
import { MAP_FIELDS, PATH_FIELDS } from "./views.ts";

const VENDOR = "NVMe";
const N_A = "n/a";
const NAME = "nvme";

export type ForeignPathItem = { path: ForeignNvmePath; map: ForeignNvmeMap };

const rstrip = (s: string) => s.replace(/ +$/, "");
// print_strbuf("%s", NULL) prints "(null)"; appending a missing string prints nothing
const shown = (v: string | undefined) => v ?? "(null)";

/** "<ctrl>:<cntlid>:<ns>" from nvme<S>c<C>n<N> */
function hcil(sysname: string): string {
  const m = sysname.match(/^nvme(\d+)c(\d+)n(\d+)/);
  return m ? `${Number(m[1])}:${Number(m[2])}:${Number(m[3])}` : `(ERR:${sysname})`;
}

function anaPrio(state: string): string {
  const s = rstrip(state);
  return s === "optimized" ? "50" : s === "non-optimized" ? "10" : "0";
}

function pathValue(wc: string, { path: p, map }: ForeignPathItem): string {
  switch (wc) {
    case "w": return shown(p.wwid);
    case "d": return p.sysname;
    case "i": return hcil(p.sysname);
    case "D": return p.devt;
    case "o": return p.state || N_A;
    case "T": return p.anaState || N_A;
    case "p": return p.anaState ? anaPrio(p.anaState) : N_A;
    case "s": return `${VENDOR},${rstrip(shown(p.model))},${shown(p.firmwareRev)}`;
    case "S": return p.size ?? "";
    case "z": return p.serial ?? "";
    case "m": return map.sysname;
    case "N":
    case "R": return `${shown(p.transport)}:${shown(p.address)}`;
    case "G": return `[${NAME}]`;
    case "a": return p.pci ? `PCI:${p.pci}` : N_A;
    default: return N_A;
  }
}

function mapValue(wc: string, m: ForeignNvmeMap): string {
  switch (wc) {
    case "d": return m.sysname;
    case "n": return `${shown(m.subsysnqn)}:nsid.${shown(m.nsid)}`;
    case "w": return m.wwid ?? "";
    case "N": return String(m.liveCount);
    case "S": return m.size ?? "";
    case "v": return VENDOR;
    case "p": return rstrip(shown(m.model));
    case "s": return `${VENDOR},${rstrip(shown(m.model))},${shown(m.firmwareRev)}`;
    case "e": return m.firmwareRev ?? "";
    // upstream compares the attribute's first character with the number 1, so a map always shows rw
    case "r": return m.ro === undefined ? "undef" : "rw";
    case "G": return NAME;
    case "h": return m.ana ? "ANA" : N_A;
    default: return N_A;
  }
}

/** The path and map wildcard tables, in the order (and with the headers) of the dm ones. */
export const FOREIGN_PATH_FIELDS: FieldTable<ForeignPathItem> = PATH_FIELDS.map(
  (f): Field<ForeignPathItem> => ({ wildcard: f.wildcard, header: f.header, render: (item) => pathValue(f.wildcard, item) }),
);
export const FOREIGN_MAP_FIELDS: FieldTable<ForeignNvmeMap> = MAP_FIELDS.map(
  (f): Field<ForeignNvmeMap> => ({ wildcard: f.wildcard, header: f.header, render: (m) => mapValue(f.wildcard, m) }),
);

/** A path group (one path each) prints its path's ANA state and priority. */
function groupLine(item: ForeignPathItem): string {
  const value = (wc: string) => (wc === "t" ? pathValue("T", item) : wc === "p" ? pathValue("p", item) : N_A);
  return `policy='${value("s")}' prio=${value("p")} status=${value("t")}\n`;
}

export type ForeignTopologyOpts = { verbosity: number; bold?: boolean };

/** print_foreign_topology: every map; path columns aligned over all of the library's paths. */
export function formatForeignTopology(maps: readonly ForeignNvmeMap[], opts: ForeignTopologyOpts): string {
  if (opts.verbosity <= 0) return "";
  const items = maps.flatMap((map) => map.paths.map((path) => ({ path, map })));
  const widths = layout(FOREIGN_PATH_FIELDS, items);
  let out = "";
  for (const m of maps) {
    if (opts.verbosity === 1) {
      out += formatLine(FOREIGN_MAP_FIELDS, "%n", m);
      continue;
    }
    let header = "%w [%G]:%d %s";
    if (opts.bold) header = `\x1b[1m${header}\x1b[0m`;
    out += formatLine(FOREIGN_MAP_FIELDS, header, m) + formatLine(FOREIGN_MAP_FIELDS, "size=%S features='%f' hwhandler='%h' wp=%r", m);
    m.paths.forEach((path, i) => {
      const last = i === m.paths.length - 1;
      const item = { path, map: m };
      out += `${last ? "`" : "|"}-+- ${groupLine(item)}`;
      out += `${last ? " " : "|"} \`- ${formatLine(FOREIGN_PATH_FIELDS, "%i %d %D %t %T %o", item, widths)}`;
    });
  }
  return out;
}
