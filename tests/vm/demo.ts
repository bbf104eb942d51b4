// The main job: boot a VM with 2 LUNs x 4 paths (scsi_debug), build
// dm-multipath maps through mpathbox's libdevmapper bindings, fail paths
// under I/O and bring them back, and show each step with the kernel's view
// (dmsetup) and the reference `multipath -ll`.
import { runVm } from "./harness.ts";

const SCRIPT = String.raw`
P="bun /mpathbox/tests/vm/probes/dm.ts"
scsi_debug_paths 4 1 2 dev_size_mb=64
for d in $(scsi_debug_disks); do echo "$d $(cat /sys/block/$d/dev) $(udevadm info -q property --property=ID_SERIAL --value /dev/$d)"; done > /tmp/paths
run "paths: sd device, devt, WWID (udev ID_SERIAL)" cat /tmp/paths
for w in $(for d in $(scsi_debug_disks); do udevadm info -q property --property=ID_SERIAL --value /dev/$d; done | sort -u); do
  devs=""; n=0
  for d in $(scsi_debug_disks); do
    [ "$(udevadm info -q property --property=ID_SERIAL --value /dev/$d)" = "$w" ] || continue
    devs="$devs $(cat /sys/block/$d/dev) 1"; n=$((n+1)); size=$(cat /sys/block/$d/size); last=$d
  done
  i=$((${"$"}{i:-0}+1)); name=mpath$(echo abcdefgh | cut -c$i)
  run "create $name over $n paths (mpathbox bindings)" $P create $name "mpath-$w" $size "0 0 1 1 service-time 0 $n 1$devs"
done
run "dmsetup table" dmsetup table
run "reference: multipath -ll" /ref/sbin/multipath -ll
run "write 4 MiB to mpatha" dd if=/dev/urandom of=/tmp/data bs=1M count=4
run "copy to mpatha" dd if=/tmp/data of=/dev/mapper/mpatha bs=1M oflag=direct
set -- $(scsi_debug_disks)
run "fail two paths: offline $1 and $3" sh -c "echo offline > /sys/block/$1/device/state; echo offline > /sys/block/$3/device/state"
run "read back while paths are down" sh -c 'dd if=/dev/mapper/mpatha of=/tmp/back bs=1M count=4 iflag=direct 2>/dev/null && cmp /tmp/data /tmp/back && echo "data intact"'
run "kernel status after the I/O (F = failed path)" dmsetup status mpatha
path_online $1; path_online $3
reinstate_all() { for d in $(scsi_debug_disks); do $P message mpatha reinstate_path $(cat /sys/block/$d/dev) 2>/dev/null; done; echo done; }
run "bring the paths back and reinstate every path of mpatha" reinstate_all
run "kernel status after reinstating" dmsetup status mpatha
run "reference: multipath -ll mpatha" /ref/sbin/multipath -ll mpatha
run "remove the maps" sh -c "$P remove mpatha && $P remove mpathb && dmsetup ls"
`;

const r = await runVm(SCRIPT, { timeoutMs: 300_000 });
if (process.env.DEMO_DEBUG) process.stdout.write(r.console);
let failed = 0;
for (const [title, s] of Object.entries(r.sections)) {
  process.stdout.write(`\n### ${title}${s.rc ? `   [exit ${s.rc}]` : ""}\n${s.out}${s.err ? s.err : ""}`);
  if (s.rc) failed++;
}
process.stdout.write(
  `\nVM: booted in ${r.times.booted.toFixed(1)} s, udev settled at ${r.times.ready.toFixed(1)} s, ` +
    `scenario done at ${r.times.done.toFixed(1)} s (guest clock); ${(r.wallMs / 1000).toFixed(1)} s wall.\n`,
);
process.exit(failed ? 1 : 0);
