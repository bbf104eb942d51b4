// multipath -c / -u (the udev helper) against the reference, in the
// find_multipaths modes, before and after maps exist, with and without a
// running multipathd; outputs and exit codes.
import { beforeAll, describe, expect, test } from "bun:test";
import { type VmResult, runVm, section } from "./harness.ts";

let r: VmResult;
let labels: string[] = [];
beforeAll(async () => {
  r = await runVm(String.raw`
scsi_debug_paths 2 1 2
lio_lun lun0 16 1
DISKS=$(ls /sys/block | grep ^sd)
cmp_all() {
  for d in $DISKS; do
    run "ref-$1-c-$d" /ref/sbin/multipath $2 -c /dev/$d
    run "our-$1-c-$d" multipath $2 -c /dev/$d
    run "ref-$1-u-$d" env DEVNAME=/dev/$d /ref/sbin/multipath $2 -u $d
    run "our-$1-u-$d" env DEVNAME=/dev/$d multipath $2 -u $d
  done
  echo "$1" >> /tmp/labels
}
conf() { printf 'defaults {\n find_multipaths %s\n}\nblacklist {\n wwid %s\n}\n' "$1" "$2" > /etc/multipath.conf; }
conf strict none; cmp_all strict-empty
/ref/sbin/multipath -a /dev/sda > /dev/null; cmp_all strict-wwids-i -i; cmp_all strict-wwids; rm -f /etc/multipath/wwids
conf greedy none; cmp_all greedy
conf smart none; rm -rf /run/multipath/find_multipaths; cmp_all smart
conf off none; /ref/sbin/multipath -v0; udevadm settle; cmp_all off-maps
/ref/sbin/multipathd -d -s > /tmp/mpd.log 2>&1 &
for i in $(seq 1 100); do /ref/sbin/multipathd show daemon 2>/dev/null | grep -q idle && break; sleep 0.2; done
conf strict "36001405.*"; cmp_all strict-daemon-blacklist
run disks echo $DISKS
run labels cat /tmp/labels
run misuse multipath -c sda
`, { timeoutMs: 500_000 });
  labels = section(r, "labels").out.trim().split("\n");
}, 520_000);

const PHASES = ["strict-empty", "strict-wwids-i", "strict-wwids", "greedy", "smart", "off-maps", "strict-daemon-blacklist"];
// the smart-mode deadline is a timestamp: compare its presence, not its value
const norm = (s: string) => s.replace(/FIND_MULTIPATHS_WAIT_UNTIL="[0-9.]+"/, 'FIND_MULTIPATHS_WAIT_UNTIL="<t>"');

describe("multipath -c / -u equal the reference", () => {
  test("every phase ran", () => {
    expect(labels).toEqual(PHASES);
  });
  test("-i does not stop a WWID in the wwids file from counting (upstream checks the file in every mode)", () => {
    expect(section(r, "our-strict-wwids-i-c-sda").out).toBe(`DM_MULTIPATH_DEVICE_PATH="1"\n`);
  });
  for (const phase of PHASES) {
    for (const mode of ["c", "u"]) {
      test(`${phase}: multipath -${mode}`, () => {
        for (const d of section(r, "disks").out.trim().split(" ")) {
          const ref = section(r, `ref-${phase}-${mode}-${d}`), our = section(r, `our-${phase}-${mode}-${d}`);
          expect({ d, out: norm(our.out), rc: our.rc }).toEqual({ d, out: norm(ref.out), rc: ref.rc });
        }
      });
    }
  }
  test("the answers vary: claimed, released and waiting devices all occur", () => {
    const outs = Object.entries(r.sections).filter(([k]) => k.startsWith("our-")).map(([, s]) => s.out);
    expect(outs.some((o) => o.includes('DM_MULTIPATH_DEVICE_PATH="1"'))).toBe(true);
    expect(outs.some((o) => o.includes('DM_MULTIPATH_DEVICE_PATH="0"'))).toBe(true);
    expect(outs.some((o) => o.includes("FIND_MULTIPATHS_WAIT_UNTIL"))).toBe(true);
  });
  test("-c with a bare name is refused as upstream", () => {
    expect(section(r, "misuse").rc).toBe(1);
    expect(section(r, "misuse").err).toContain("the -c option requires a path to check");
  });
});
