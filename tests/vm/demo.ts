// The main job: boot a VM with 2 LUNs x 4 paths (scsi_debug) and one LIO
// LUN with ALUA over 2 ports, let mpathbox's `multipath` build the maps,
// push I/O through a map while paths fail, bring them back, and show each
// step with mpathbox's `multipath -ll` next to the kernel's own view.
import { runVm } from "./harness.ts";

const SCRIPT = String.raw`
simple_conf
scsi_debug_paths 4 1 2 dev_size_mb=64
lio_lun lun0 32 2
run "multipath -v2: build the maps" multipath
run "multipath -ll" multipath -ll
run "dmsetup table (the kernel's tables)" dmsetup table
run "write 4 MiB of random data to mpatha" sh -c 'dd if=/dev/urandom of=/tmp/data bs=1M count=4 2>/dev/null && dd if=/tmp/data of=/dev/mapper/mpatha bs=1M oflag=direct 2>&1 | tail -1'
set -- $(ls /sys/block/dm-0/slaves)
run "fail two of mpatha's paths: offline $1 and $2" sh -c "echo offline > /sys/block/$1/device/state; echo offline > /sys/block/$2/device/state"
run "read the data back through the surviving paths" sh -c 'dd if=/dev/mapper/mpatha of=/tmp/back bs=1M count=4 iflag=direct 2>/dev/null && cmp /tmp/data /tmp/back && echo "data intact"'
run "multipath -ll mpatha (failed paths: failed faulty offline)" multipath -ll mpatha
path_online $1; path_online $2
run "paths back online; multipath -r reloads mpatha with all its paths" multipath -r mpatha
run "multipath -ll mpatha" multipath -ll mpatha
run "cross-check: the reference multipath -ll agrees byte for byte" sh -c 'multipath -ll > /tmp/ours; /ref/sbin/multipath -ll > /tmp/ref 2>/dev/null; cmp /tmp/ours /tmp/ref && echo identical'
run "multipath -F: flush every map" sh -c 'multipath -F; dmsetup ls'
`;

const r = await runVm(SCRIPT, { timeoutMs: 300_000 });
if (process.env.DEMO_DEBUG) process.stdout.write(r.console);
let failed = 0;
for (const [title, s] of Object.entries(r.sections)) {
  const err = s.err.replace(/^\d+\.\d{6} \| Warning: multipath devices exist, but multipathd service is not running\n/gm, "");
  process.stdout.write(`\n### ${title}${s.rc ? `   [exit ${s.rc}]` : ""}\n${s.out}${err}`);
  if (s.rc) failed++;
}
process.stdout.write(
  `\nVM: booted in ${r.times.booted.toFixed(1)} s, udev settled at ${r.times.ready.toFixed(1)} s, ` +
    `scenario done at ${r.times.done.toFixed(1)} s (guest clock); ${(r.wallMs / 1000).toFixed(1)} s wall.\n`,
);
process.exit(failed ? 1 : 0);
