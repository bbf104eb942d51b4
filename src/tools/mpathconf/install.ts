// Installing the edited file: it must parse, the old one is kept as
// FILE.old, and the new one replaces it by rename after fsync, so a crash or
// a full disk never leaves a truncated multipath.conf.
import { chmodSync, copyFileSync, existsSync, statSync } from "node:fs";
import { stdout } from "../../cli/io.ts";
import { writeAtomically } from "../../state/lockedFile.ts";

export async function installChecked(out: string, text: string): Promise<number> {
  // checked with the config engine first (mpathconf itself never did)
  const { parseConfigText, formatDiagnostic } = await import("../../config/index.ts");
  const r = parseConfigText(text, out);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (r.failed || errors.length) {
    stdout(`the new configuration would not parse, ${out} not updated:\n${errors.map((d) => formatDiagnostic(d)).join("\n")}\n`);
    return 1;
  }
  const existed = existsSync(out);
  const mode = existed ? statSync(out).mode & 0o7777 : 0o600;
  if (existed) {
    try {
      copyFileSync(out, `${out}.old`);
    } catch {
      stdout(`failed to backup old config file, ${out} not updated\n`);
      return 1;
    }
  }
  try {
    writeAtomically(out, text);
    chmodSync(out, mode);
  } catch {
    stdout(`failed to copy new config file into place, check ${out} is still OK\n`);
    return 1;
  }
  return 0;
}
