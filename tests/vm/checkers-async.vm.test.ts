// The checker programs driven all at once through the sg v3 asynchronous
// interface (src/io/sgAsync.ts, the daemon's way) give the same answers as
// the synchronous runner `multipath` uses, with every path's command in
// flight together. scsi_debug answers after 0.4 s (100 jiffies), so the
// commands overlap whatever the emulation's speed.
import { beforeAll, describe, expect, test } from "bun:test";
import { type VmResult, runVm, section } from "./harness.ts";

let r: VmResult;
beforeAll(async () => {
  r = await runVm(String.raw`
scsi_debug_paths 2 1 4 delay=100
DISKS=$(scsi_debug_disks | tr '\n' ' ')
run disks echo $DISKS
run probe bun /mpathbox/tests/vm/probes/checkersAsync.ts $DISKS
`, { timeoutMs: 400_000 });
}, 420_000);

type Probe = { sequential: unknown[]; concurrent: { value?: unknown; error?: unknown }[]; maxInFlight: number; sequentialMs: number; concurrentMs: number };

describe("many checks from one thread (sg v3 async)", () => {
  test("eight scsi_debug paths", () => expect(section(r, "disks").out.trim().split(/\s+/)).toHaveLength(8));
  test("the same results as path-after-path checking", () => {
    const p = JSON.parse(section(r, "probe").out) as Probe;
    expect(p.concurrent.map((c) => c.value)).toEqual(p.sequential);
    // tur up, hp_sw up, rdac unsupported (no VPD 0xC9), alua: scsi_debug's two groups
    for (const s of p.sequential) {
      expect((s as { state: string }[]).slice(0, 3).map((c) => c.state)).toEqual(["up", "up", "wild"]);
      expect([50, 10]).toContain((s as number[])[3]!);
    }
  });
  test("every path's command was in flight at once", () => {
    const p = JSON.parse(section(r, "probe").out) as Probe;
    expect(p.maxInFlight).toBe(8);
    console.log(`checkers-async: sequential ${p.sequentialMs} ms, concurrent ${p.concurrentMs} ms (8 paths, 5 commands each, 0.4 s per command)`);
  });
});
