// VM probe: the same checker and prioritizer programs on every disk named on
// the command line, once path after path (PathIo) and once all together
// (sg v3 async). One JSON line: both result lists, the most commands in
// flight at once, and the wall time of each run.
import { createChecker } from "../../../src/checkers/registry.ts";
import type { CheckResult } from "../../../src/checkers/state.ts";
import { PathIo } from "../../../src/io/pathIo.ts";
import { runConcurrently } from "../../../src/io/sgAsync.ts";
import { monotonicNs } from "../../../ffi/libc.ts";
import { alua } from "../../../src/prio/alua.ts";
import type { PrioContext } from "../../../src/prio/context.ts";

const devs = process.argv.slice(2);
const ctx = (dev: string): PrioContext => ({
  path: { dev, serial: "", tgtNodeName: "" }, args: "", timeoutMs: 30000,
  // no sysfs copy: VPD 0x83 goes through SG_IO too
  deviceAttr: () => undefined, byPathLinks: () => null,
});
// tur (1 command), hp_sw (INQUIRY then TUR), rdac (MODE SENSE x2 then INQUIRY), alua prio (INQUIRY then RTPG)
function* program(dev: string) {
  const out: (CheckResult | number)[] = [];
  for (const name of ["tur", "hp_sw", "rdac"]) out.push(yield* createChecker(name)!.check({ timeoutS: 30, sysfsState: "up" }));
  out.push(yield* alua.getPrio(ctx(dev)));
  return out;
}
const ms = (t0: bigint) => Number((monotonicNs() - t0) / 1_000_000n);

let t0 = monotonicNs();
const sequential = devs.map((d) => {
  const io = new PathIo(`/dev/${d}`);
  try {
    return io.run(program(d));
  } finally {
    io.close();
  }
});
const sequentialMs = ms(t0);
t0 = monotonicNs();
const concurrent = runConcurrently(devs.map((dev) => ({ dev, program: program(dev) })));
const concurrentMs = ms(t0);
console.log(JSON.stringify({ sequential, concurrent: concurrent.results, maxInFlight: concurrent.maxInFlight, sequentialMs, concurrentMs }));
