// Start-to-exit time of `multipath -h`: mpathbox (through a symlink, as udev
// would run it) beside the reference C tool, in the same run. hyperfine does
// the timing; the figures are printed, never asserted.
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Result, hyperfine, ms } from "./hyperfine.ts";

const BIN = resolve(import.meta.dir, "../dist/mpathbox");
if (!existsSync(BIN)) throw new Error("build first: bun build.ts");
const REF = "/usr/sbin/multipath";
const dir = mkdtempSync(join(tmpdir(), "mpb-bench-"));
const ours = join(dir, "multipath");
symlinkSync(BIN, ours);

try {
  const cases: [string, string][] = [
    ["multipath -h", "-h"],
    ["multipath -v0 -h (udev-style, options parsed)", "-v0 -h"],
  ];
  console.log("start-up, host, hyperfine -N, 100 runs (ms, mean ± sd / median)");
  for (const [label, args] of cases) {
    const [mine, ref] = hyperfine([`${ours} ${args}`, `${REF} ${args}`], { dir, runs: 100 }) as [Result, Result];
    console.log(`${label}\n  mpathbox:  ${ms(mine)}\n  reference: ${ms(ref)}\n  ratio:     ${(mine.mean / ref.mean).toFixed(2)}x (target <= 3x)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
