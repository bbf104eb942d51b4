// `multipath --explain`: every effective setting of a path and of the map it
// would belong to, each with its origin. Pure; the CLI wiring waits for path
// discovery (it needs PathFacts from sysfs/udev).
import { filterPath } from "./blacklistFilter.ts";
import { findDeviceEntries } from "./hwMatch.ts";
import { KEYWORDS, type KeywordDef } from "./keywords.ts";
import { selectMapSettings, type MapInput } from "./mapSettings.ts";
import type { Selected } from "./origins.ts";
import { type PathFacts, selectPathSettings } from "./pathSettings.ts";
import type { Config } from "./schema.ts";

function show(name: string, v: unknown): string {
  if (v === undefined) return "(unset)";
  const def = (KEYWORDS as Record<string, KeywordDef>)[name];
  if (def && !("aliasOf" in def)) {
    try {
      return def.kind.print(v as never) ?? String(v);
    } catch {
      return String(v);
    }
  }
  return typeof v === "string" ? v : JSON.stringify(v);
}

function isSelected(v: unknown): v is Selected<unknown> {
  return typeof v === "object" && v !== null && "origin" in v;
}

/** one line per selected setting (plain derived values such as queue_mode are left out) */
function lines(prefix: string, settings: Record<string, unknown>): string[] {
  return Object.entries(settings)
    .filter((e): e is [string, Selected<unknown>] => isSelected(e[1]))
    .map(([k, s]) => `${prefix}: ${k} = ${show(k, s.value)} ${s.origin}`);
}

export type ExplainOptions = Pick<MapInput, "pgpolicyFlag" | "kernel">;

export function explainPath(config: Config, facts: PathFacts, opts: ExplainOptions = {}): string {
  const out: string[] = [];
  const hwes = findDeviceEntries(config, facts);
  out.push(
    `${facts.dev}: ${hwes.length} device ${hwes.length === 1 ? "entry matches" : "entries match"} ${facts.vendor ?? "(unset)"}:${facts.product ?? "(unset)"}:${facts.revision ?? "(unset)"}`,
  );
  const ps = selectPathSettings(config, facts);
  const bl = filterPath(config, {
    dev: facts.dev,
    ...(facts.vendor !== undefined ? { vendor: facts.vendor } : {}),
    ...(facts.product !== undefined ? { product: facts.product } : {}),
    ...(facts.protocol !== undefined ? { protocol: facts.protocol } : {}),
    ...(facts.wwid !== undefined ? { wwid: facts.wwid } : {}),
    ...(facts.udevProperties !== undefined ? { udevProperties: facts.udevProperties } : {}),
    ...(ps.uid_attribute.value !== undefined ? { uidAttribute: ps.uid_attribute.value } : {}),
  });
  out.push(...bl.log, `${facts.dev}: blacklist verdict = ${bl.verdict}`);
  out.push(...lines(facts.dev, ps));
  if (facts.wwid !== undefined) {
    const input: MapInput = {
      wwid: facts.wwid,
      hwes,
      paths: [{ prio: ps.prio.value, ...(facts.tpgs !== undefined ? { tpgs: facts.tpgs } : {}) }],
      ...opts,
    };
    const ms = selectMapSettings(config, input);
    out.push(...lines(facts.wwid, ms));
  }
  return `${out.join("\n")}\n`;
}
