import { lstatSync, mkdirSync, readlinkSync, symlinkSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { stderr, stdout } from "./cli/io.ts";
import { TOOLS } from "./tools/registry.ts";

/** Create DIR/<tool> -> target for every tool. Re-running is a no-op; a
 * regular file in the way is kept unless `force`. */
export function installLinks(dir: string, target: string, force: boolean): number {
  mkdirSync(dir, { recursive: true });
  let rc = 0;
  for (const tool of TOOLS) {
    const link = join(dir, tool);
    let st;
    try {
      st = lstatSync(link);
    } catch {
      st = undefined;
    }
    if (st) {
      if (st.isSymbolicLink() && readlinkSync(link) === target) continue;
      if (!st.isSymbolicLink() && !force) {
        stderr(`mpathbox: ${link} exists and is not a symlink; use --force to replace it\n`);
        rc = 1;
        continue;
      }
      unlinkSync(link);
    }
    symlinkSync(target, link);
    stdout(`${link} -> ${target}\n`);
  }
  return rc;
}
