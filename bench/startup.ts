// Start-to-exit time of `multipath -h`: mpathbox (through a symlink, as udev
// would run it) beside the reference C tool, in the same run. hyperfine does
// the timing; the figures are printed, never asserted.
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const BIN = resolve(import.meta.dir, "../dist/mpathbox");
if (!existsSync(BIN)) throw new Error("build first: bun build.ts");
const REF = "/usr/sbin/multipath";
const dir = mkdtempSync(join(tmpdir(), "mpb-bench-"));
const ours = join(dir, "multipath");
symlinkSync(BIN, ours);

type Result = { command: string; mean: number; stddev: number; min: number; median: number };
function hyperfine(cmds: string[]): Result[] {
  const json = join(dir, "out.json");
  const p = Bun.spawnSync(["hyperfine", "-N", "--warmup", "5", "--runs", "100", "-i", "--export-json", json, ...cmds], {
    stdout: "ignore", stderr: "pipe",
  });
  if (p.exitCode !== 0) throw new Error(`hyperfine failed: ${p.stderr.toString()}`);
  return (JSON.parse(readFileSync(json, "utf8")) as { results: Result[] }).results;
}

try {
  const cases: [string, string][] = [
    ["multipath -h", "-h"],
    ["multipath -v0 -h (udev-style, options parsed)", "-v0 -h"],
  ];
  console.log("start-up, host, hyperfine -N, 100 runs (ms, mean ± sd / median)");
  for (const [label, args] of cases) {
    const [mine, ref] = hyperfine([`${ours} ${args}`, `${REF} ${args}`]) as [Result, Result];
    const f = (r: Result) => `${(r.mean * 1e3).toFixed(2)} ± ${(r.stddev * 1e3).toFixed(2)} / ${(r.median * 1e3).toFixed(2)}`;
    console.log(`${label}\n  mpathbox:  ${f(mine)}\n  reference: ${f(ref)}\n  ratio:     ${(mine.mean / ref.mean).toFixed(2)}x (target <= 3x)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
