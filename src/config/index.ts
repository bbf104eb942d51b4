// Public surface of the configuration engine. Import lazily: it pulls in
// zod and the hardware table, which `multipath -u` must not pay for.
export { loadConfig, parseConfigText, DEFAULT_CONFIG_DIR, DEFAULT_CONFIG_FILE, type LoadOptions } from "./load.ts";
export { dumpConfig, type DumpOptions } from "./dump.ts";
export { BUILTIN_HWTABLE } from "./builtinHwtable.ts";
export { KEYWORDS, PGPOLICIES, PROTOCOL_NAMES, type KeywordName, type PgPolicy } from "./keywords.ts";
export * from "./schema.ts";
export { formatDiagnostic } from "./diagnostics.ts";
