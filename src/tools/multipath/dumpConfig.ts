// multipath -t: load the configuration (lazily: -u/-c never get here) and print it.
import { stderr, stdout } from "../../cli/io.ts";

export async function dumpEffectiveConfig(verbosity: number | undefined): Promise<number> {
  const { loadConfig, dumpConfig, formatDiagnostic } = await import("../../config/index.ts");
  const r = loadConfig();
  const shown = verbosity ?? 2;
  for (const d of r.diagnostics) {
    if (d.severity === "error" || shown >= 2) stderr(`${formatDiagnostic(d)}\n`);
  }
  if (r.failed) {
    stderr("error parsing config file\n");
    return 1;
  }
  // the reference prints the configured verbosity, not the -v level
  stdout(dumpConfig(r.config));
  return 0;
}
