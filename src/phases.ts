// Phase timings for profiling (bench/vm-multipath.ts prints them): with
// MPATHBOX_PHASES=1 in the environment, each phase(name) mark records the
// time since the previous mark (the first since process start), and the
// list goes to stderr as one JSON line at exit. Otherwise a no-op.
import { writeSync } from "node:fs";

const enabled = process.env.MPATHBOX_PHASES === "1";
const spans: Record<string, number> = {};
let last = 0;

/** End of phase `name`: repeated names add up. */
export function phase(name: string): void {
  if (!enabled) return;
  if (last === 0) process.on("exit", () => writeSync(2, `mpathbox phases ms ${JSON.stringify(spans)}\n`));
  const now = performance.now();
  spans[name] = Math.round((spans[name] ?? 0) + now - last);
  last = now;
}
