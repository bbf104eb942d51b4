// check_alias_settings: one alias must never name two WWIDs (it would put
// different LUNs' paths into one map). An alias given to several WWIDs in
// multipath.conf keeps only its first; the bindings file is checked against
// what remains (state/bindings.ts) and rewritten when it has to be.
import type { Config, MultipathEntry } from "../config/index.ts";
import { LOG, condlog } from "../log.ts";
import { checkBindingsFile } from "../state/bindings.ts";
import { compareAliases } from "../state/bindingsText.ts";

export type AliasSettings = {
  /** the configuration, less the aliases it gave twice */
  config: Config;
  /** alias -> WWID of the multipaths entries that keep theirs */
  mpeAliases: ReadonlyMap<string, string>;
  /** false: a conflict that could not be fixed (upstream aborts) */
  ok: boolean;
};

export function checkAliasSettings(config: Config, o: { bindingsReadOnly: boolean; bindingsPath?: string }): AliasSettings {
  const mpeAliases = new Map<string, string>();
  const dropped = new Set<MultipathEntry>();
  const named = config.multipaths.filter((e) => e.alias !== undefined && e.wwid !== undefined);
  // stable: of the entries giving one alias, the first in the file keeps it
  for (const e of [...named].sort((a, b) => compareAliases(a.alias!, b.alias!))) {
    const bound = mpeAliases.get(e.alias!);
    if (bound === undefined) mpeAliases.set(e.alias!, e.wwid!);
    else if (bound !== e.wwid) {
      condlog(LOG.ERR, `ERROR: alias "${e.alias}" bound to multiple wwids in multipath.conf, discarding binding to ${e.wwid}`);
      dropped.add(e);
    }
  }
  const fixed: Config = dropped.size === 0 ? config : {
    ...config,
    multipaths: config.multipaths.map((e) => {
      if (!dropped.has(e)) return e;
      const { alias: _dropped, ...rest } = e;
      return rest;
    }),
  };
  const ok = checkBindingsFile(mpeAliases, { readOnly: o.bindingsReadOnly, ...(o.bindingsPath ? { path: o.bindingsPath } : {}) });
  return { config: fixed, mpeAliases, ok };
}
