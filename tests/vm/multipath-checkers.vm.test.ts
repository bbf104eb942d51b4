// Differential: `multipath -ll` under every checker and prioritizer that can
// run on scsi_debug and LIO tcm_loop paths (the vendor ones configured on
// devices that do not speak them), against the reference, with all paths
// healthy and with one path of each map offline. stdout, exit code and the
// default-verbosity stderr must be equal; random and path_latency priorities
// are not repeatable, so for them the group priorities are masked and only
// checked to be in range.
import { beforeAll, describe, expect, test } from "bun:test";
import { CHECKER_DIFFERENCES } from "../differences.ts";
import { untimed } from "./compare.ts";
import { type VmResult, runVm, section } from "./harness.ts";

type Case = { checker?: string; prio?: string; args?: string; variable?: "random" | "latency" };

const CASES: Record<string, Case> = {
  "ck-tur": { checker: "tur" },
  "ck-directio": { checker: "directio" },
  "ck-readsector0": { checker: "readsector0" },
  "ck-hp_sw": { checker: "hp_sw" },
  "ck-rdac": { checker: "rdac" },
  "ck-emc_clariion": { checker: "emc_clariion" },
  "ck-cciss_tur": { checker: "cciss_tur" },
  "ck-none": { checker: "none" },
  "ck-unknown": { checker: "nosuchchecker" },
  "pr-const": { prio: "const" },
  "pr-random": { prio: "random", variable: "random" },
  "pr-weighted-none": { prio: "weightedpath" },
  "pr-weighted-hbtl": { prio: "weightedpath", args: "hbtl 1:.:.:. 20 [23]:0:1:0 30" },
  "pr-weighted-devname": { prio: "weightedpath", args: "devname sd[ab] 7 sdd 9" },
  "pr-weighted-serial": { prio: "weightedpath", args: "serial ^2000$ 5 ed42 6" },
  "pr-weighted-wwn": { prio: "weightedpath", args: "wwn ^\\[undef\\]:\\[undef\\]:.* 3" },
  "pr-weighted-badkind": { prio: "weightedpath", args: "port 1 2" },
  "pr-latency-default": { prio: "path_latency", variable: "latency" },
  "pr-latency-args": { prio: "path_latency", args: "io_num=20 base_num=10", variable: "latency" },
  "pr-latency-range": { prio: "path_latency", args: "io_num=5 base_num=10", variable: "latency" },
  "pr-iet-noargs": { prio: "iet" },
  "pr-iet-preferred": { prio: "iet", args: "preferredip=10.0.0.1" },
  "pr-emc": { prio: "emc" },
  "pr-hds": { prio: "hds" },
  "pr-hp_sw": { prio: "hp_sw" },
  "pr-rdac": { prio: "rdac" },
  "pr-ontap": { prio: "ontap" },
  "pr-datacore-noargs": { prio: "datacore" },
  "pr-datacore-sds": { prio: "datacore", args: "preferredsds=NOSUCHSDS" },
  "pr-datacore-timeout": { prio: "datacore", args: "timeout=100 preferredsds=NOSUCHSDS" },
  "pr-alua": { prio: "alua" },
  "pr-alua-exclusive": { prio: "alua", args: "exclusive_pref_bit" },
  "pr-sysfs": { prio: "sysfs" },
  "pr-ana": { prio: "ana" },
  "pr-unknown": { prio: "nosuchprio" },
};

/** The same selection for the scsi_debug paths (defaults) and the LIO ones (a device entry, over the built-in one). */
function conf(c: Case): string {
  const keys = [
    " detect_checker no", " detect_prio no", ` path_checker ${c.checker ?? "tur"}`, ` prio ${c.prio ?? "const"}`,
    ...(c.args ? [` prio_args "${c.args}"`] : []),
  ];
  return `defaults {\n find_multipaths no\n${keys.join("\n")}\n}\ndevices {\n device {\n  vendor LIO-ORG\n  product ".*"\n${keys.map((k) => ` ${k}`).join("\n")}\n }\n}\n`;
}

let r: VmResult;
beforeAll(async () => {
  const phase = (p: string) => Object.entries(CASES).map(([name, c]) => `
cat > /etc/multipath.conf <<'CONF'
${conf(c)}CONF
run ref-${p}-${name} /ref/sbin/multipath -ll
run our-${p}-${name} multipath -ll`).join("\n");
  r = await runVm(String.raw`
simple_conf
scsi_debug_paths 2 1 1
lio_lun lun0 16 2
/ref/sbin/multipath -v0
SD=$(scsi_debug_disks | head -1)
LIO=$(for d in /sys/block/sd*; do grep -q LIO-ORG $d/device/vendor && basename $d; done | head -1)
run vars echo "$SD $LIO"
# iet reads the portal address from /dev/disk/by-path (no iSCSI here: links as open-iscsi's udev rules name them)
mkdir -p /dev/disk/by-path
ln -s ../../$SD /dev/disk/by-path/ip-10.0.0.1:3260-iscsi-iqn.2024-01.org.test:t1-lun-0
ln -s ../../$LIO /dev/disk/by-path/ip-10.0.0.2:3260-iscsi-iqn.2024-01.org.test:t1-lun-0
${phase("ok")}
path_offline $SD
path_offline $LIO
${phase("off")}
# 0.14 only: iet without /dev/disk/by-path (0.9.4 crashes there)
rm -rf /dev/disk/by-path
path_online $SD
path_online $LIO
cat > /etc/multipath.conf <<'CONF'
${conf(CASES["pr-iet-preferred"]!)}CONF
run ref-nobypath /ref/sbin/multipath -ll
run our-nobypath multipath -ll
`, { timeoutMs: 900_000 });
}, 920_000);

const groupPrios = (out: string) => [...out.matchAll(/prio=(-?\d+)/g)].map((m) => Number(m[1]));
const masked = (out: string) => out.replace(/prio=-?\d+/g, "prio=N");
/** stderr at the default verbosity, with the listed 0.9.4/0.14 message differences applied */
const messages = (err: string, side: "ours" | "reference") => {
  const t = untimed(err);
  return side === "reference" ? CHECKER_DIFFERENCES.datacoreTimeout.reference(CHECKER_DIFFERENCES.ontapDump.reference(t)) : t;
};

describe("multipath -ll under each checker and prioritizer, against the reference", () => {
  test("the scenario found a scsi_debug and a LIO path", () => {
    expect(section(r, "vars").out).toMatch(/^sd[a-z]+ sd[a-z]+\n$/);
  });
  for (const phase of ["ok", "off"]) {
    for (const [name, c] of Object.entries(CASES)) {
      test(`${phase === "ok" ? "healthy" : "one path offline"}: ${name}`, () => {
        const ref = section(r, `ref-${phase}-${name}`), our = section(r, `our-${phase}-${name}`);
        expect(our.rc).toBe(ref.rc);
        expect(messages(our.err, "ours")).toBe(messages(ref.err, "reference"));
        if (!c.variable) {
          expect(our.out).toBe(ref.out);
          return;
        }
        // random draws anew, path_latency measures: the layout, states and paths are equal, the priorities in range
        expect(masked(our.out)).toBe(masked(ref.out));
        const prios = groupPrios(our.out);
        expect(prios).toHaveLength(3);
        for (const p of prios) {
          if (c.variable === "random") expect(p >= 1 && p <= 10 || p === 0).toBe(true);
          else expect(p >= 0 && p <= 32).toBe(true);
        }
      });
    }
  }
  test("the configurations made visible differences (checker states, priorities, messages)", () => {
    expect(section(r, "our-ok-ck-cciss_tur").out).toContain("active faulty running");
    expect(section(r, "our-ok-ck-cciss_tur").err).toContain("cciss TUR  failed in CCISS_GETLUNINFO:");
    expect(section(r, "our-ok-ck-rdac").out).toContain("active undef running");
    expect(section(r, "our-ok-ck-readsector0").out).toContain("active ready running");
    expect(groupPrios(section(r, "our-ok-pr-weighted-hbtl").out)).toEqual([0, 20, 30]);
    expect(groupPrios(section(r, "our-ok-pr-weighted-devname").out)).toEqual([7, 7, 4]);
    expect(groupPrios(section(r, "our-ok-pr-iet-preferred").out)).toEqual([20, 10, 10]);
    expect(groupPrios(section(r, "our-ok-pr-hp_sw").out)).toEqual([4, 4, 4]);
    expect(groupPrios(section(r, "our-ok-pr-emc").out)).toEqual([-1, -1, -1]);
    expect(section(r, "our-ok-pr-emc").err).toContain(": emc prio: query command indicates error");
    expect(section(r, "our-ok-pr-ontap").err).toContain("- SCSI CDB: 0xc0 0x00 0x01 0x0a 0x98 0x0a 0x41 0x80 0x00 0x00 \n");
    expect(section(r, "our-ok-pr-latency-range").err).toContain("path_latency prio: args io_num is outside the valid range");
    expect(section(r, "our-off-ck-tur").out).toMatch(/active faulty offline/);
  });
  test(`0.14 only: ${CHECKER_DIFFERENCES.ietNoByPath.reason}`, () => {
    expect(section(r, "ref-nobypath").rc).toBe(139);
    const our = section(r, "our-nobypath");
    expect(our.rc).toBe(0);
    expect(groupPrios(our.out)).toEqual([10, 10, 10]);
  });
});
