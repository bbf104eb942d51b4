// multipath -C / -U against the reference: exit codes and messages (stderr
// for -C, syslog for -U).
import { beforeAll, describe, expect, test } from "bun:test";
import { expectSubsequence, untimed } from "./compare.ts";
import { type VmResult, runVm, section } from "./harness.ts";

const CASES: [string, string][] = [
  ["healthy-node", "-C /dev/$DMA"],
  ["healthy-v3", "-v3 -C /dev/$DMA"],
  ["sysname", "-v3 -C $DMA"],
  ["alias", "-C mpatha"],
  ["devt", "-v3 -C $DEVTA"],
  ["path", "-C /dev/$P"],
  ["linear", "-v3 -C /dev/mapper/lin"],
  ["missing", "-C"],
  ["invalid", "-C /nonexistent/x"],
  ["down", "-v3 -C /dev/$DMB"],
];

let r: VmResult;
beforeAll(async () => {
  r = await runVm(String.raw`
simple_conf
syslogd -O /tmp/messages
scsi_debug_paths 2 1 2
/ref/sbin/multipath -v0; udevadm settle
P=$(scsi_debug_disks | head -1)
dmsetup create lin --table "0 8 linear /dev/$P 0"; udevadm settle
DMA=$(basename $(readlink -f /dev/mapper/mpatha)); DMB=$(basename $(readlink -f /dev/mapper/mpathb))
DEVTA=$(cat /sys/block/$DMA/dev)
for s in /sys/block/$DMB/slaves/*; do echo offline > /sys/block/$(basename $s)/device/state; done
dd if=/dev/$DMB of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null
${CASES.map(([n, a]) => `run ref-${n} /ref/sbin/multipath ${a}\nrun our-${n} multipath ${a}`).join("\n")}
uev() { d=$1; shift; env MAJOR=$(cut -d: -f1 /sys/block/$d/dev) MINOR=$(cut -d: -f2 /sys/block/$d/dev) DEVNAME=/dev/$d DEVPATH=/devices/virtual/block/$d SUBSYSTEM=block ACTION=change SEQNUM=$SEQ "$@"; }
for t in ref our; do
  if [ $t = ref ]; then T=/ref/sbin/multipath; else T=multipath; fi
  : > /tmp/messages
  SEQ=1
  run $t-U-healthy uev $DMA $T -v3 -U $DMA
  run $t-U-down uev $DMB $T -v3 -U $DMB
  SEQ=0
  run $t-U-noseq uev $DMA $T -v3 -U $DMA
  sleep 1
  run $t-syslog sh -c "sed -n 's/.* multipath: //p' /tmp/messages"
done
`, { timeoutMs: 300_000 });
}, 320_000);


describe("multipath -C equals the reference", () => {
  // At the default verbosity the messages must be equal; at -v3 the
  // reference adds its whole path discovery log, so every line of ours
  // must be one of its lines, in the same order.
  for (const [n, a] of CASES) {
    test(`multipath ${a}`, () => {
      const ref = section(r, `ref-${n}`), our = section(r, `our-${n}`);
      expect(our.rc).toBe(ref.rc);
      expect(our.out).toBe(ref.out);
      if (!a.includes("-v3")) {
        expect(untimed(our.err)).toBe(untimed(ref.err));
        return;
      }
      expectSubsequence(untimed(our.err), untimed(ref.err));
    });
  }
  test("healthy maps pass, failed ones and non-multipath devices do not", () => {
    expect(section(r, "our-healthy-node").rc).toBe(0);
    expect(section(r, "our-down").rc).toBe(1);
    expect(section(r, "our-linear").rc).toBe(1);
  });
});

describe("multipath -U (udev environment, logs to syslog)", () => {
  test("exit codes equal the reference's", () => {
    expect(section(r, "our-U-healthy").rc).toBe(section(r, "ref-U-healthy").rc);
    expect(section(r, "our-U-down").rc).toBe(section(r, "ref-U-down").rc);
    expect(section(r, "our-U-noseq").rc).toBe(section(r, "ref-U-noseq").rc);
    expect(section(r, "our-U-healthy").rc).toBe(0);
    expect(section(r, "our-U-down").rc).toBe(1);
  });
  test("nothing on stderr; the same messages in syslog", () => {
    expect(section(r, "our-U-healthy").err).toBe("");
    expect(section(r, "our-syslog").out).toContain("usable paths found");
    // the reference adds its -v3 discovery log; ours must be a subsequence of it
    expectSubsequence(section(r, "our-syslog").out, section(r, "ref-syslog").out);
  });
});
