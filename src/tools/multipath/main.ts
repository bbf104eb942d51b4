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
  if (r.failed) {
    stderr("error parsing config file\n");
    return 1;
  }
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
  if (r.opts.some((o) => o.opt === "h")) {
    stderr(multipathUsage(prog));
    return 0;
  }
  let verbosity: number | undefined;
  for (const o of r.opts) if (o.opt === "v" && o.arg !== undefined && /^\d$/.test(o.arg)) verbosity = Number(o.arg);
  if (r.opts.some((o) => o.opt === "t")) return dumpEffectiveConfig(verbosity);
  if (r.opts.some((o) => o.opt === "T"))
    return notImplemented(prog, "-T (needs path and map discovery)");
  return notImplemented(prog, "this mode");
}
