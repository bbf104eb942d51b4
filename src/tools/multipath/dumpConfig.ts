// multipath -t: load the configuration (lazily: -u/-c never get here) and print it.
import { stderr, stdout } from "../../cli/io.ts";

/** `local`: -T, the configuration limited to the device entries the
 * discovered paths use and the multipaths entries of existing maps. */
export async function dumpEffectiveConfig(verbosity: number | undefined, local = false): Promise<number> {
  const { loadConfig, dumpConfig, formatDiagnostic } = await import("../../config/index.ts");
  const r = loadConfig();
  const shown = verbosity ?? 2;
  for (const d of r.diagnostics) {
    if (d.severity === "error" || shown >= 2) stderr(`${formatDiagnostic(d)}\n`);
  }
  if (r.failed) return 1; // the reason is among the diagnostics
  if (local) {
    const { discoverPaths, usedDeviceEntries } = await import("../../multipath/pathvec.ts");
    const { readKernelMaps } = await import("../../multipath/kernelMaps.ts");
    const hwtable = usedDeviceEntries(discoverPaths(r.config));
    const maps = readKernelMaps().map((m) => ({ wwid: m.wwid, alias: m.name }));
    stdout(dumpConfig(r.config, { hwtable, maps }));
    return 0;
  }
  // the reference prints the configured verbosity, not the -v level
  stdout(dumpConfig(r.config));
  return 0;
}
