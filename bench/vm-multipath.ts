// Beside the reference (0.9.4), in one VM run per size, on scsi_debug LUNs
// with 4 paths each: start-up (`multipath -h`, `multipath -u`), coldplug
// creation of every map, `multipath -l` and `multipath -ll`. The two tools
// take turns (tests/vm/probes/alternate.ts) so that both meet the same
// load on this shared, emulated machine; read the ratios, not the times.
// "settled" is start until udev is idle again: the udev work a run leaves.
//   SIZES=32,256 (LUNs; default both)  RUNS=5 (RUNS_LARGE=3 above 64 LUNs)
import { runVm, section } from "../tests/vm/harness.ts";

const SIZES = (process.env.SIZES ?? "32,256").split(",").map(Number);
const REF = "/ref/sbin/multipath", OUR = "/usr/local/sbin/multipath";
const RESET = "dmsetup remove_all --noudevsync; rm -f /etc/multipath/bindings /etc/multipath/wwids; udevadm settle --timeout=900";

type Stats = { median: number; min: number; mean: number; rc: number; settled: number };
type Pair = { a: Stats; b: Stats };

async function measure(luns: number): Promise<void> {
  const runs = Number((luns > 64 ? process.env.RUNS_LARGE : undefined) ?? process.env.RUNS ?? (luns > 64 ? 3 : 5));
  // 4 hosts (paths) x targets x LUNs per target; scsi_debug allows 256 LUNs a target
  const targets = luns <= 32 ? 4 : 8;
  const A = (n: number, prep?: string) => `bun /mpathbox/tests/vm/probes/alternate.ts ${n}${prep ? ` --prep "${prep}"` : ""}`;
  const t0 = performance.now();
  const r = await runVm(String.raw`
simple_conf
modprobe scsi_debug add_host=4 num_tgts=${targets} max_luns=${luns / targets} vpd_use_hostno=0
udevadm settle --timeout=1800
run disks sh -c 'ls /sys/block | grep -c ^sd'
P=$(scsi_debug_disks | head -1)
run h ${A(runs * 2)} -- ${REF} -h -- ${OUR} -h
run u env DEVNAME=/dev/$P ${A(runs * 2)} -- ${REF} -u $P -- ${OUR} -u $P
run create ${A(runs, RESET)} -- ${REF} -- ${OUR}
run maps sh -c 'dmsetup ls | wc -l'
run l ${A(runs)} -- ${REF} -l -- ${OUR} -l
run ll ${A(runs)} -- ${REF} -ll -- ${OUR} -ll
run same sh -c '${REF} -ll > /tmp/a 2>/dev/null; ${OUR} -ll > /tmp/b 2>/dev/null; cmp /tmp/a /tmp/b && echo identical'
${RESET}
run phases env MPATHBOX_PHASES=1 ${OUR}
`, { timeoutMs: 4 * 3600_000, memoryMb: luns > 64 ? 3072 : 2048 });
  const get = (n: string) => JSON.parse(section(r, n).out) as Pair;
  const row = (label: string, p: Pair, settled = false) => {
    const line = `${label.padEnd(26)} mpathbox ${p.b.median.toFixed(0).padStart(7)} ms   reference ${p.a.median.toFixed(0).padStart(7)} ms   ratio ${(p.b.median / p.a.median).toFixed(2)}x`;
    return settled ? `${line}   (udev settled: ${(p.b.settled / 1000).toFixed(1)} s vs ${(p.a.settled / 1000).toFixed(1)} s, ${(p.b.settled / p.a.settled).toFixed(2)}x)` : line;
  };
  console.log(`VM (TCG), ${luns} LUNs x 4 paths (${section(r, "disks").out.trim()} disks, ${section(r, "maps").out.trim()} maps), ` +
    `median of ${runs}-${runs * 2} alternating runs; -ll output: ${section(r, "same").out.trim() || "DIFFERENT"}; ` +
    `VM run ${((performance.now() - t0) / 60_000).toFixed(0)} min`);
  console.log(row("multipath -h", get("h")));
  console.log(row("multipath -u (udev helper)", get("u")));
  console.log(row("coldplug create (all maps)", get("create"), true));
  console.log(row("multipath -l", get("l")));
  console.log(row("multipath -ll", get("ll")));
  const phases = section(r, "phases").err.split("\n").find((l) => l.startsWith("mpathbox phases ms "));
  if (phases) console.log(`mpathbox create, ms per phase: ${phases.slice("mpathbox phases ms ".length)}`);
  for (const [n, s] of Object.entries(r.sections)) if (s.rc !== 0) console.log(`(section ${n} exited ${s.rc}: ${s.err.trim().slice(0, 300)})`);
}

for (const luns of SIZES) await measure(luns);
