// The map block of `multipath -l/-ll` (and of create/reload output): header,
// properties line, then a tree of path groups and paths. Path columns are
// aligned over the paths of this one map.
import { type Widths, formatLine, layout, wildcardsOf } from "./format.ts";
import { GROUP_FIELDS, MAP_FIELDS, type MapView, PATH_FIELDS } from "./views.ts";

const MAP_PROPS = "size=%S features='%f' hwhandler='%h' wp=%r";
const PG_LINE = "policy='%s' prio=%p status=%t";
const PATH_LINE = "%i %d %D %t %T %o";
const PATH_LINE_FIELDS = wildcardsOf(PATH_LINE);

export type TopologyOpts = { verbosity: number; bold?: boolean };

function headerFormat(m: MapView, verbosity: number): string {
  const action = verbosity > 1 && m.action !== undefined && m.action !== "nothing";
  const alias = m.alias ?? m.wwid;
  return `${action ? "%A: " : ""}%n${alias !== m.wwid ? " (%w)" : ""} %d %s`;
}

export function formatTopology(m: MapView, opts: TopologyOpts): string {
  if (opts.verbosity <= 0) return "";
  if (opts.verbosity === 1) return formatLine(MAP_FIELDS, "%n", m);
  let header = headerFormat(m, opts.verbosity);
  if (opts.bold) header = `\x1b[1m${header}\x1b[0m`;
  let out = formatLine(MAP_FIELDS, header, m) + formatLine(MAP_FIELDS, MAP_PROPS, m);
  let widths: Widths | undefined;
  for (const g of m.groups) widths = layout(PATH_FIELDS, g.paths, { only: PATH_LINE_FIELDS, ...(widths ? { start: widths } : {}) });
  m.groups.forEach((g, gi) => {
    const lastGroup = gi === m.groups.length - 1;
    out += `${lastGroup ? "`" : "|"}-+- ` + formatLine(GROUP_FIELDS, PG_LINE, g);
    g.paths.forEach((p, pi) => {
      const lastPath = pi === g.paths.length - 1;
      out += `${lastGroup ? " " : "|"} ${lastPath ? "`" : "|"}- ` + formatLine(PATH_FIELDS, PATH_LINE, p, widths);
    });
  });
  return out;
}
