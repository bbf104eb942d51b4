// multipath -f / -F against the reference: same exit codes, same messages,
// same maps left; partitions removed first; busy maps kept; delegation to
// a running multipathd.
import { beforeAll, describe, expect, test } from "bun:test";
import { untimed } from "./compare.ts";
import { type VmResult, runVm, section } from "./harness.ts";

// name, shell before (both tools), command arguments
const CASES: [string, string, string][] = [
  ["idle", "", "-f mpatha"],
  ["busy", "exec 5</dev/mapper/mpatha", "-f mpatha"],
  ["path-arg", "", "-f /dev/$P"],
  ["not-a-map", "", "-f nosuchmap"],
  ["by-wwid-node", "", "-f /dev/mapper/mpathb"],
  ["partitions", "mkpart mpatha", "-f mpatha"],
  ["open-partition", "mkpart mpatha; exec 6</dev/mapper/mpatha1", "-f mpatha"],
  ["all", "exec 5</dev/mapper/mpathc", "-F"],
  ["all-idle", "", "-F"],
];

let r: VmResult;
beforeAll(async () => {
  const body = CASES.map(([name, before, args]) => `
for tool in ref our; do
  mkmaps
  ( ${before}
    if [ $tool = ref ]; then T=/ref/sbin/multipath; else T=multipath; fi
    run $tool-${name} $T ${args}
    exec 5<&- 6<&- 2>/dev/null
    true )
  udevadm settle
  run $tool-${name}-after sh -c 'dmsetup ls | sort'
  cleanup
done`).join("\n");
  r = await runVm(String.raw`
simple_conf
scsi_debug_paths 2 1 3 dev_size_mb=16
P=$(scsi_debug_disks | head -1)
mkmaps() { /ref/sbin/multipath -v0; udevadm settle; }
cleanup() { dmsetup remove_all --noudevsync -f >/dev/null 2>&1; udevadm settle; rm -f /etc/multipath/bindings; }
# one DOS partition (start 2048, 8192 sectors) and the reference kpartx maps it
mkpart() {
  printf '\x00\x00\x00\x00\x83\x00\x00\x00\x00\x08\x00\x00\x00\x20\x00\x00' | dd of=/dev/mapper/$1 bs=1 seek=446 conv=notrunc 2>/dev/null
  printf '\x55\xaa' | dd of=/dev/mapper/$1 bs=1 seek=510 conv=notrunc 2>/dev/null
  /ref/sbin/kpartx -a /dev/mapper/$1; udevadm settle
}
${body}
mkmaps
/ref/sbin/multipathd -d -s > /tmp/mpd.log 2>&1 &
for i in $(seq 1 100); do /ref/sbin/multipathd show daemon 2>/dev/null | grep -q idle && break; sleep 0.2; done
udevadm settle
run delegated multipath -v3 -R 3 -f mpathb
run delegated-after sh -c 'dmsetup ls | sort'
run delegated-missing multipath -f nosuchmap
run daemon-log cat /tmp/mpd.log
`, { timeoutMs: 600_000 });
}, 620_000);


describe("multipath -f / -F equal the reference", () => {
  for (const [name, , args] of CASES) {
    test(`${name}: multipath ${args}`, () => {
      const ref = section(r, `ref-${name}`), our = section(r, `our-${name}`);
      expect(our.rc).toBe(ref.rc);
      expect(our.out).toBe(ref.out);
      expect(untimed(our.err)).toBe(untimed(ref.err));
      expect(section(r, `our-${name}-after`).out).toBe(section(r, `ref-${name}-after`).out);
    });
  }
  test("the cases did what they say", () => {
    expect(section(r, "our-idle-after").out).not.toContain("mpatha");
    expect(section(r, "our-busy").rc).toBe(1);
    expect(section(r, "our-busy-after").out).toContain("mpatha");
    expect(section(r, "our-partitions-after").out).not.toContain("mpatha");
    expect(section(r, "our-open-partition-after").out).toContain("mpatha1");
    expect(section(r, "our-all").rc).toBe(1);
    expect(section(r, "our-all-after").out.trim().split("\n")).toHaveLength(1);
    expect(section(r, "our-all-idle-after").out).toContain("No devices found");
  });
  test("with multipathd running, -f is delegated as 'del map'", () => {
    const d = section(r, "delegated");
    if (d.rc) console.log(d.out, d.err, section(r, "daemon-log").out);
    expect(d.rc).toBe(0);
    expect(d.err).toContain("delegating command to multipathd");
    expect(section(r, "delegated-after").out).not.toContain("mpathb");
    expect(section(r, "delegated-after").out).toContain("mpatha");
    expect(section(r, "delegated-missing").rc).toBe(1);
  });
});
