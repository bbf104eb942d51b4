// In one VM run, beside the reference (0.9.4): `multipath -l` over 32 LUNs x
// 4 paths (maps made by the reference), and start-up of `multipath -h`.
// Times are from TCG emulation: read the ratios, not the absolute values.
import { runVm, section } from "../tests/vm/harness.ts";

const RUNS = 10;
const T = `bun /mpathbox/tests/vm/probes/timeit.ts ${RUNS}`;
const r = await runVm(String.raw`
simple_conf
run h-ref ${T} /ref/sbin/multipath -h
run h-our ${T} /usr/local/sbin/multipath -h
scsi_debug_paths 4 4 8
run create /ref/sbin/multipath -v0
run maps sh -c 'dmsetup ls | wc -l'
run l-ref ${T} /ref/sbin/multipath -l
run l-our ${T} /usr/local/sbin/multipath -l
run same sh -c '/ref/sbin/multipath -l > /tmp/a; multipath -l > /tmp/b; cmp /tmp/a /tmp/b && echo identical'
`, { timeoutMs: 900_000 });

type T = { median: number; min: number; mean: number; rc: number };
const get = (n: string) => JSON.parse(section(r, n).out) as T;
const row = (label: string, ours: T, ref: T) =>
  `${label.padEnd(34)} mpathbox ${ours.median.toFixed(1).padStart(7)} ms   reference ${ref.median.toFixed(1).padStart(7)} ms   ratio ${(ours.median / ref.median).toFixed(2)}x`;
console.log(`VM (TCG), median of ${RUNS} runs; maps: ${section(r, "maps").out.trim()}; -l output: ${section(r, "same").out.trim() || "DIFFERENT"}`);
console.log(row("multipath -h", get("h-our"), get("h-ref")));
console.log(row("multipath -l (32 maps, 128 paths)", get("l-our"), get("l-ref")));
