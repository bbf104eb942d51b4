// Public surface of the configuration engine. Import lazily: it pulls in
// zod and the hardware table, which `multipath -u` must not pay for.
export { loadConfig, parseConfigText, systemFacts, DEFAULT_CONFIG_DIR, DEFAULT_CONFIG_FILE, type LoadOptions } from "./load.ts";
export { dumpConfig, type DumpOptions } from "./dump.ts";
export { BUILTIN_HWTABLE } from "./builtinHwtable.ts";
export { KEYWORDS, PGPOLICIES, PROTOCOL_NAMES, type KeywordName, type PgPolicy } from "./keywords.ts";
export * from "./schema.ts";
export { formatDiagnostic } from "./diagnostics.ts";
export { ORIGIN, type Selected } from "./origins.ts";
export { findDeviceEntries, deviceEntryMatches, type DeviceIdentity } from "./hwMatch.ts";
export { selectPathSettings, type PathFacts, type PathSettings, type Tpgs } from "./pathSettings.ts";
export { selectMapSettings, type MapInput, type MapPathInput, type MapSettings } from "./mapSettings.ts";
export {
  filterDevice,
  filterDevnode,
  filterPath,
  filterProperty,
  filterProtocol,
  filterWwid,
  isBlacklisted,
  type Decision,
  type PathBlacklistFacts,
  type Verdict,
} from "./blacklistFilter.ts";
export { explainPath, type ExplainOptions } from "./explain.ts";
export { validateStatement, statementValue } from "./parse.ts";
export { tokenize, QUOTE, type Token } from "./tokenize.ts";
