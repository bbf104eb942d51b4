import { getopt } from "../../cli/getopt.ts";
import { notImplemented, stderr, stdout } from "../../cli/io.ts";
import { MULTIPATH_OPTSTRING, multipathUsage } from "./usage.ts";

/** `multipath -t`: load the configuration (lazily: -u/-c never get here) and print it. */
async function dumpEffectiveConfig(verbosity: number | undefined): Promise<number> {
  const { loadConfig, dumpConfig, formatDiagnostic } = await import("../../config/index.ts");
  const r = loadConfig();
  const shown = verbosity ?? 2;
  for (const d of r.diagnostics) {
    if (d.severity === "error" || shown >= 2) stderr(`${formatDiagnostic(d)}\n`);
  }
  if (r.failed) return 1;
  // the reference prints the configured verbosity, not the -v level
  stdout(dumpConfig(r.config));
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const prog = "multipath";
  const r = getopt(argv, { short: MULTIPATH_OPTSTRING });
  if (r.error) {
    stderr(r.error.kind === "missing" ? "Missing option argument\n" : `Unknown switch: (null)\n`);
    stderr(multipathUsage(prog));
    return 1;
  }
  let verbosity: number | undefined;
  let dumpWithMaps = false;
  // upstream acts on -h and -t inside its option loop: the first one wins
  for (const o of r.opts) {
    if (o.opt === "h") {
      stderr(multipathUsage(prog));
      return 0;
    }
    if (o.opt === "v" && o.arg !== undefined && /^\d/.test(o.arg)) verbosity = parseInt(o.arg, 10);
    if (o.opt === "t") return dumpEffectiveConfig(verbosity);
    if (o.opt === "T") dumpWithMaps = true;
  }
  if (dumpWithMaps) return notImplemented(prog, "-T (needs path and map discovery)");
  return notImplemented(prog, "this mode");
}
