// hyperfine for the host benchmarks: runs the commands in one session (so
// the figures share the machine's state) and returns its JSON results.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export type Result = { command: string; mean: number; stddev: number; median: number };

export function hyperfine(cmds: string[], o: { dir: string; runs: number; warmup?: number }): Result[] {
  const json = join(o.dir, "hyperfine.json");
  const p = Bun.spawnSync(["hyperfine", "-N", "--warmup", String(o.warmup ?? 5), "--runs", String(o.runs), "-i", "--export-json", json, ...cmds], {
    stdout: "ignore", stderr: "pipe",
  });
  if (p.exitCode !== 0) throw new Error(`hyperfine failed: ${p.stderr.toString()}`);
  return (JSON.parse(readFileSync(json, "utf8")) as { results: Result[] }).results;
}

/** "mean ± sd / median" in milliseconds */
export const ms = (r: Result) => `${(r.mean * 1e3).toFixed(2)} ± ${(r.stddev * 1e3).toFixed(2)} / ${(r.median * 1e3).toFixed(2)}`;
