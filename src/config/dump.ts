// `multipath -t` / `-T` and `show config`: the configuration printed in
// upstream's layout (print.c snprint_config).
import { KEYWORDS, type KeywordDef } from "./keywords.ts";
import type { Blacklist, Config, DeviceEntry } from "./schema.ts";
import {
  DEFAULTS_KEYWORDS,
  DEVICE_KEYWORDS,
  MULTIPATH_KEYWORDS,
  OVERRIDES_KEYWORDS,
  PROTOCOL_KEYWORDS,
} from "./sections.ts";
import { quote } from "./valueKinds.ts";

export type DumpOptions = {
  /** `-T`: only these device entries (those used by discovered paths) */
  hwtable?: readonly DeviceEntry[];
  /** `-T`: the existing maps; multipaths entries are limited to these */
  maps?: readonly { wwid: string; alias: string }[];
  /** the verbosity in effect (upstream prints the running level) */
  verbosity?: number;
};

function printValue(name: string, value: unknown): string | null {
  const def = KEYWORDS[name as keyof typeof KEYWORDS] as KeywordDef;
  if ("aliasOf" in def || def.kind.deprecated) return null;
  if (value === undefined) return null;
  return def.kind.print(value as never);
}

function section(
  out: string[],
  indent: string,
  names: readonly string[],
  entry: Record<string, unknown>,
  fallback?: (name: string) => unknown,
): void {
  for (const n of names) {
    const v = printValue(n, entry[n] ?? fallback?.(n));
    if (v !== null) out.push(`${indent}${n} ${v}\n`);
  }
}

function blacklistSection(out: string[], title: string, b: Blacklist): void {
  out.push(`${title} {\n`);
  for (const kind of ["devnode", "wwid", "property", "protocol"] as const)
    for (const e of b[kind]) out.push(`\t${kind} ${quote(e.pattern)}\n`);
  for (const d of b.device) {
    // upstream prints the vendor line together with "device {", so an entry
    // without vendor loses its opening line, exactly as it does there
    if (d.vendor !== undefined) out.push(`\tdevice {\n\t\tvendor ${quote(d.vendor)}\n`);
    if (d.product !== undefined) out.push(`\t\tproduct ${quote(d.product)}\n\t}\n`);
  }
  out.push("}\n");
}

export function dumpConfig(config: Config, opts: DumpOptions = {}): string {
  const out: string[] = [];
  out.push("defaults {\n");
  const d = config.defaults as Record<string, unknown>;
  section(out, "\t", DEFAULTS_KEYWORDS, d, (n) => {
    if (n === "verbosity" && opts.verbosity !== undefined) return opts.verbosity;
    return (KEYWORDS[n as keyof typeof KEYWORDS] as KeywordDef).builtin;
  });
  out.push("}\n");
  blacklistSection(out, "blacklist", config.blacklist);
  blacklistSection(out, "blacklist_exceptions", config.blacklistExceptions);
  out.push("devices {\n");
  for (const e of opts.hwtable ?? config.devices) {
    out.push("\tdevice {\n");
    section(out, "\t\t", DEVICE_KEYWORDS, e as Record<string, unknown>);
    out.push("\t}\n");
  }
  out.push("}\n");
  out.push("overrides {\n");
  if (config.overrides) {
    section(out, "\t", OVERRIDES_KEYWORDS, config.overrides as Record<string, unknown>);
    for (const p of config.overrides.protocols) {
      out.push("\tprotocol {\n");
      section(out, "\t\t", PROTOCOL_KEYWORDS, p as Record<string, unknown>);
      out.push("\t}\n");
    }
  }
  out.push("}\n");
  const maps = opts.maps;
  if (config.multipaths.length > 0 || (maps !== undefined && maps.length > 0)) {
    out.push("multipaths {\n");
    for (const m of config.multipaths) {
      const map = maps?.find((x) => x.wwid === m.wwid);
      if (maps !== undefined && !map) continue;
      out.push("\tmultipath {\n");
      section(out, "\t\t", MULTIPATH_KEYWORDS, m as Record<string, unknown>);
      if (map && map.alias !== map.wwid) out.push(`\t\t# alias "${map.alias}"\n`);
      out.push("\t}\n");
    }
    for (const map of maps ?? []) {
      if (config.multipaths.some((m) => m.wwid === map.wwid)) continue;
      out.push(`\tmultipath {\n\t\twwid "${map.wwid}"\n`);
      if (map.alias !== map.wwid) out.push(`\t\t# alias "${map.alias}"\n`);
      out.push("\t}\n");
    }
    out.push("}\n");
  }
  return out.join("");
}
