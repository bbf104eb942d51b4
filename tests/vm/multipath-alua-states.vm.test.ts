// Differential: checkers and prioritizers on real ALUA answers. The LIO
// target port group is driven through every asymmetric access state
// (configfs alua_access_state), and `multipath -ll` of mpathbox is compared
// with the reference's under tur+sysfs (detection), tur+alua, hp_sw and
// readsector0. Then checker_timeout: scsi_debug answers after 10 s and
// directio, given 1 s, must fail the paths in both tools.
import { beforeAll, describe, expect, test } from "bun:test";
import { CHECKER_DIFFERENCES } from "../differences.ts";
import { untimed } from "./compare.ts";
import { type VmResult, runVm, section } from "./harness.ts";

/** LIO's state codes, with the word the kernel's alua handler shows in access_state ("" where it cannot learn it) */
const STATES: [code: number, name: string, accessState: string][] = [
  [0, "optimized", "active/optimized"],
  [1, "non-optimized", "active/non-optimized"],
  [2, "standby", "standby"],
  [3, "unavailable", "unavailable"],
  [15, "transitioning", "transitioning"],
  // an offline port refuses RTPG: the kernel keeps its last state, upstream takes the path as without ALUA
  [14, "offline", ""],
];

const LIO_ENTRY = (keys: string) => `devices {\n device {\n  vendor LIO-ORG\n  product ".*"\n${keys}\n }\n}\n`;
const CONFIGS: Record<string, { conf: string; tur: boolean }> = {
  // 0.9.4 autodetects tur and sysfs; 0.14's LIO entry turns checker detection off, so tur is named
  detect: { conf: LIO_ENTRY("  path_checker tur"), tur: true },
  alua: { conf: LIO_ENTRY("  path_checker tur\n  detect_checker no\n  detect_prio no\n  prio alua"), tur: true },
  "alua-exclusive": { conf: LIO_ENTRY("  path_checker tur\n  detect_checker no\n  detect_prio no\n  prio alua\n  prio_args exclusive_pref_bit"), tur: true },
  hp_sw: { conf: LIO_ENTRY("  path_checker hp_sw\n  detect_checker no\n  detect_prio no\n  prio hp_sw"), tur: false },
  readsector0: { conf: LIO_ENTRY("  path_checker readsector0\n  detect_checker no\n  detect_prio no\n  prio sysfs"), tur: false },
};

const SLOW_CONF = "defaults {\n find_multipaths no\n checker_timeout 1\n detect_checker no\n detect_prio no\n path_checker directio\n}\n" +
  LIO_ENTRY("  path_checker tur\n  detect_checker no\n  detect_prio no\n  prio const");

let r: VmResult;
beforeAll(async () => {
  const runs = (st: string) => Object.entries(CONFIGS).map(([name, c]) => `
cat > /etc/multipath.conf <<'CONF'
defaults {\n find_multipaths no\n}\n${c.conf}CONF
run ref-${st}-${name} /ref/sbin/multipath -ll
run our-${st}-${name} multipath -ll`).join("\n");
  const states = STATES.map(([code, name, word]) => `
echo ${code} > $G/alua_access_state
run set-${name} wait_state "${word}"
${runs(name)}`).join("\n");
  r = await runVm(String.raw`
simple_conf
scsi_debug_paths 2 1 1
lio_lun lun0 16 2
/ref/sbin/multipath -v0
G=/sys/kernel/config/target/core/fileio_0/lun0/alua/default_tg_pt_gp
LIO=$(for d in /sys/block/sd*; do grep -q LIO-ORG $d/device/vendor && basename $d; done)
run vars echo $LIO
# TUR each LIO path (taking the state-change unit attention) until the
# kernel's alua handler shows the new state; without a word, settle 3 s
wait_state() {
  for i in $(seq 1 100); do
    ok=1
    for d in $LIO; do
      sg_turs /dev/$d >/dev/null 2>&1
      [ -z "$1" ] || [ "$(cat /sys/block/$d/device/access_state)" = "$1" ] || ok=0
    done
    [ -z "$1" ] && { sleep 3; for d in $LIO; do cat /sys/block/$d/device/access_state; done; return 0; }
    [ $ok = 1 ] && { cat $G/alua_access_state; return 0; }
    sleep 0.2
  done
  return 1
}
${states}
echo 0 > $G/alua_access_state
wait_state active/optimized >/dev/null
cat > /etc/multipath.conf <<'CONF'
${SLOW_CONF}CONF
run delay sh -c 'echo 2500 > /sys/bus/pseudo/drivers/scsi_debug/delay; cat /sys/bus/pseudo/drivers/scsi_debug/delay'
run ref-slow /ref/sbin/multipath -ll
run our-slow multipath -ll
run ref-slow-v3 /ref/sbin/multipath -v3 -ll
run our-slow-v3 multipath -v3 -ll
echo 0 > /sys/bus/pseudo/drivers/scsi_debug/delay
`, { timeoutMs: 900_000 });
}, 920_000);

describe("ALUA states on LIO paths, against the reference", () => {
  test("both LIO paths found", () => expect(section(r, "vars").out.trim().split(/\s+/)).toHaveLength(2));
  for (const [, name] of STATES) {
    test(`${name}: the target reached the state`, () => expect(section(r, `set-${name}`).rc).toBe(0));
    for (const [cname, c] of Object.entries(CONFIGS)) {
      test(`${name}: ${cname}`, () => {
        const ref = section(r, `ref-${name}-${cname}`), our = section(r, `our-${name}-${cname}`);
        const lio = section(r, "vars").out.trim().split(/\s+/);
        const expected = name === "transitioning" && c.tur ? CHECKER_DIFFERENCES.turTransitioning.reference(ref.out, lio) : ref.out;
        expect(our.out).toBe(expected);
        expect(our.rc).toBe(ref.rc);
        expect(untimed(our.err)).toBe(untimed(ref.err));
      });
    }
  }
  test("the states showed as upstream decodes them", () => {
    const lioGroup = (s: string) => s.split("\n").slice(s.split("\n").findIndex((l) => l.includes("LIO-ORG")));
    const our = (st: string, c: string) => lioGroup(section(r, `our-${st}-${c}`).out).join("\n");
    expect(our("optimized", "alua")).toContain("prio=50");
    expect(our("non-optimized", "alua")).toContain("prio=10");
    expect(our("standby", "detect")).toMatch(/prio=1 [\s\S]*active ghost running/);
    expect(our("standby", "hp_sw")).toMatch(/active ghost running/);
    expect(our("standby", "readsector0")).toMatch(/active faulty running/);
    expect(our("unavailable", "alua")).toMatch(/active faulty running/);
    expect(our("transitioning", "alua")).toMatch(/active i\/o pending running/);
    expect(our("offline", "alua")).toMatch(/active faulty running/);
  });
});

describe("checker_timeout: directio on paths that answer after 10 s", () => {
  test("scsi_debug was slowed down", () => expect(section(r, "delay").out.trim()).toBe("2500"));
  test("-ll equal to the reference: the slow paths are faulty", () => {
    const ref = section(r, "ref-slow"), our = section(r, "our-slow");
    expect(our.out).toBe(ref.out);
    expect(untimed(our.err)).toBe(untimed(ref.err));
    expect(our.out.match(/active faulty running/g)).toHaveLength(2);
  });
  test("both gave up on the read after the timeout, in each pass", () => {
    const count = (s: string) => untimed(s).split("\n").filter((l) => l === "directio: abort check on timeout").length;
    expect(count(section(r, "our-slow-v3").err)).toBe(4);
    expect(count(section(r, "ref-slow-v3").err)).toBe(count(section(r, "our-slow-v3").err));
  });
});
