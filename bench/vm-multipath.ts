// In one VM run, beside the reference (0.9.4), on scsi_debug LUNs with 4
// paths each: start-up (`multipath -h`, `multipath -u`), coldplug creation
// of every map, `multipath -l` and `multipath -ll`. TCG emulation: read the
// ratios, not the absolute values. LUNS=256 for the large set (slow).
import { runVm, section } from "../tests/vm/harness.ts";

const LUNS = Number(process.env.LUNS ?? 32);
const RUNS = Number(process.env.RUNS ?? 5);
const T = (n: number) => `bun /mpathbox/tests/vm/probes/timeit.ts ${n}`;
const [targets, luns] = LUNS <= 32 ? [4, LUNS / 4] : [8, LUNS / 8];
const RESET = "dmsetup remove_all --noudevsync; rm -f /etc/multipath/bindings /etc/multipath/wwids; udevadm settle";
const r = await runVm(String.raw`
simple_conf
run h-ref ${T(RUNS * 2)} /ref/sbin/multipath -h
run h-our ${T(RUNS * 2)} /usr/local/sbin/multipath -h
scsi_debug_paths 4 ${targets} ${luns}
run disks sh -c 'ls /sys/block | grep -c ^sd'
P=$(scsi_debug_disks | head -1)
run u-ref env DEVNAME=/dev/$P ${T(RUNS * 2)} /ref/sbin/multipath -u $P
run u-our env DEVNAME=/dev/$P ${T(RUNS * 2)} /usr/local/sbin/multipath -u $P
run create-ref ${T(RUNS)} --prep "${RESET}" /ref/sbin/multipath
run create-our ${T(RUNS)} --prep "${RESET}" /usr/local/sbin/multipath
run maps sh -c 'dmsetup ls | wc -l'
run l-ref ${T(RUNS)} /ref/sbin/multipath -l
run l-our ${T(RUNS)} /usr/local/sbin/multipath -l
run ll-ref ${T(RUNS)} /ref/sbin/multipath -ll
run ll-our ${T(RUNS)} /usr/local/sbin/multipath -ll
run same sh -c '/ref/sbin/multipath -ll > /tmp/a 2>/dev/null; multipath -ll > /tmp/b 2>/dev/null; cmp /tmp/a /tmp/b && echo identical'
`, { timeoutMs: 3_000_000 });

type T = { median: number; min: number; mean: number; rc: number };
const get = (n: string) => JSON.parse(section(r, n).out) as T;
const row = (label: string, ours: T, ref: T) =>
  `${label.padEnd(26)} mpathbox ${ours.median.toFixed(0).padStart(7)} ms   reference ${ref.median.toFixed(0).padStart(7)} ms   ratio ${(ours.median / ref.median).toFixed(2)}x`;
console.log(`VM (TCG), ${LUNS} LUNs x 4 paths (${section(r, "disks").out.trim()} disks, ${section(r, "maps").out.trim()} maps), median of ${RUNS}-${RUNS * 2} runs; -ll output: ${section(r, "same").out.trim() || "DIFFERENT"}`);
console.log(row("multipath -h", get("h-our"), get("h-ref")));
console.log(row("multipath -u (udev helper)", get("u-our"), get("u-ref")));
console.log(row("coldplug create (all maps)", get("create-our"), get("create-ref")));
console.log(row("multipath -l", get("l-our"), get("l-ref")));
console.log(row("multipath -ll", get("ll-our"), get("ll-ref")));
