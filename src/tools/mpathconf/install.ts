// Installing the edited file. The result is parsed with the config engine
// first (Red Hat's mpathconf never checks): an edit that would bring in a
// parse error is refused with the errors (warnings are left to multipath,
// as the script prints none). Then, as the script does, an
// existing regular file is backed up to FILE.old and the new text put in
// place; unlike its two cp commands, both writes are atomic, so a full disk
// or a read-only directory leaves the old file as it was.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../../config/index.ts";
import { type WriteFailure, replaceFile } from "../../io/replaceFile.ts";
import { bytesPath, bytesText, complain, say } from "./bytes.ts";

const key = (d: Diagnostic) => `${d.severity}\0${d.message}`;

/** Diagnostics of `after` that `before` did not have (the same message counted once per occurrence). */
function introduced(before: Diagnostic[], after: Diagnostic[]): Diagnostic[] {
  const left = new Map<string, number>();
  for (const d of before) left.set(key(d), (left.get(key(d)) ?? 0) + 1);
  return after.filter((d) => {
    const n = left.get(key(d)) ?? 0;
    if (n > 0) left.set(key(d), n - 1);
    return n === 0;
  });
}

async function check(out: string, before: string, after: string): Promise<boolean> {
  const { parseConfigText, formatDiagnostic } = await import("../../config/index.ts");
  const file = bytesText(out);
  const a = parseConfigText(bytesText(before), file), b = parseConfigText(bytesText(after), file);
  const fresh = introduced(a.diagnostics, b.diagnostics);
  const errors = fresh.filter((d) => d.severity === "error");
  if (errors.length || (b.failed && !a.failed)) {
    // with the warnings that came with them (a handler's "parsing failed" fails the load)
    say(`the new configuration would not parse, ${out} not updated:\n${fresh.map((d) => formatDiagnostic(d)).join("\n")}\n`);
    return false;
  }
  return true;
}

function statOf(p: Buffer) {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

const tell = (f: WriteFailure) =>
  complain(f.dangling ? `mpathconf: not writing through dangling symlink '${f.path.toString("latin1")}'\n`
    : `mpathconf: cannot create regular file '${f.path.toString("latin1")}': ${f.reason}\n`);

/** Exit status 0, or 1 with the script's messages. */
export async function install(out: string, before: string, after: string): Promise<number> {
  if (!(await check(out, before, after))) return 1;
  let target = bytesPath(out);
  const st = statOf(target);
  // `cp TMP DIR` copies into the directory under the temporary file's name
  if (st?.isDirectory()) target = Buffer.from(join(out, ".multipath.conf.tmp"), "latin1");
  else if (st?.isFile()) {
    const old = bytesPath(`${out}.old`);
    // cp makes a new .old with the file's mode under the script's umask 077
    let failed: WriteFailure | null;
    try {
      failed = replaceFile(old, readFileSync(target), Number(st.mode) & 0o700);
    } catch (e) {
      failed = { path: target, reason: (e as Error).message };
    }
    if (failed) {
      tell(failed);
      say(`failed to backup old config file, ${out} not updated\n`);
      return 1;
    }
  }
  const failed = replaceFile(target, Buffer.from(after, "latin1"), 0o600);
  if (failed) {
    tell(failed);
    say(`failed to copy new config file into place, check ${out} is still OK\n`);
    return 1;
  }
  return 0;
}
