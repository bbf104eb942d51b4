// Shared by the ports of upstream's tests/alias.c (aliasUpstream*.test.ts):
// constants, bindings text builders, a stand-in for the kernel's maps, and a
// sandbox of temporary bindings files with the log captured.
import { afterAll, afterEach, beforeAll, beforeEach } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setLogSink, setVerbosity } from "../../../src/log.ts";
import { BINDINGS_HEADER, formatDevname } from "../../../src/state/bindings.ts";

export const H = BINDINGS_HEADER;
export const INT_MAX = 2 ** 31 - 1;
// the names of ids INT_MAX - 1, INT_MAX and INT_MAX + 1
export const MAX_M1 = "fxshrxv";
export const MAX = "fxshrxw";
export const MAX_P1 = "fxshrxx";
export const USED = "WWID_USED"; // the WWID of a map that is not ours
// Upstream numbers the lines after a good header from 1; we give the file's
// own line numbers, so upstream's line n is our line n + 7 (the header).
export const AFTER_HEADER = H.split("\n").length - 1;

/** MPATH<name of i+1> WWID<i> for i in start..end, as upstream's fill_bindings. */
export const fill = (start: number, end: number): string => {
  let s = "";
  for (let i = start; i <= end; i++) s += `MPATH${formatDevname(i + 1)} WWID${i}\n`;
  return s;
};

/** The kernel's maps; `taken` answers as multipath asks, keeping the questions. */
export function kernel(maps: Record<string, string> = {}) {
  const asked: string[] = [];
  const takenByOtherMap = (alias: string, wwid: string): boolean => {
    asked.push(alias);
    const w = maps[alias];
    return w !== undefined && w !== wwid;
  };
  return { asked, takenByOtherMap };
}

/** Deterministic 1..n in random order (upstream uses a fixed shuffled table). */
export function shuffled(n: number, seed: number): number[] {
  const a = Array.from({ length: n }, (_, i) => i + 1);
  let x = seed;
  const rnd = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Register hooks for a directory of bindings files and a captured log at
 * verbosity 3; `file(body)` makes a file with a good header and `body`,
 * alone in a new directory; `log` holds "<level> <message>" lines. */
export function bindingsSandbox() {
  let root = "";
  let n = 0;
  const box = { log: [] as string[], file: (body: string): string => {
    const dir = join(root, String(++n));
    mkdirSync(dir);
    const path = join(dir, "bindings");
    writeFileSync(path, H + body, "latin1");
    return path;
  } };
  beforeAll(() => void (root = mkdtempSync(join(tmpdir(), "alias-upstream-"))));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  beforeEach(() => {
    box.log = [];
    setVerbosity(3);
    setLogSink((level, msg) => box.log.push(`${level} ${msg}`));
  });
  afterEach(() => {
    setLogSink(undefined);
    setVerbosity(2);
  });
  return box;
}
