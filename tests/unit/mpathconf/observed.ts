// What Red Hat's script did in each case of cases.ts (rh-observed.json,
// recorded by running it in tests/host/mpathconf/world.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Outcome } from "../../host/mpathconf/world.ts";
import type { Case } from "./cases.ts";

export const OBSERVED: Record<string, Outcome> = JSON.parse(readFileSync(join(import.meta.dir, "rh-observed.json"), "utf8")).cases;

/** Cases whose outcome depends on the file system beyond the plan (modes, .old, symlinks, failed writes). */
export const fileSystemCase = (c: Case, rh: Outcome): boolean =>
  Boolean(c.world?.setup || c.world?.outs) || /failed to/.test(rh.stdout) ||
  c.args.some((a, i) => c.args[i - 1] === "--outfile" && (a === "@OUT" || a.startsWith("/dev/")));
