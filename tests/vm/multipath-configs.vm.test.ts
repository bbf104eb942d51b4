// Map creation under a set of configurations, each against the reference:
// friendly names off, aliases from multipaths, blacklist and exceptions,
// find_multipaths modes, prioritizer choice, every grouping policy.
import { beforeAll, describe, expect, test } from "bun:test";
import { normalizeMessages } from "../differences.ts";
import { untimed } from "./compare.ts";
import { type VmResult, runVm, section } from "./harness.ts";

const CONFIGS: Record<string, { conf: string; args?: string }> = {
  "no-friendly-names": { conf: "defaults {\n find_multipaths no\n}\n" },
  "multipaths-alias": {
    conf: "defaults {\n user_friendly_names yes\n find_multipaths no\n}\nmultipaths {\n multipath {\n  wwid 1Linux_scsi_debug_2001\n  alias data1\n }\n}\n",
  },
  "blacklist-exception": {
    conf: "defaults {\n find_multipaths no\n}\nblacklist {\n wwid \".*\"\n}\nblacklist_exceptions {\n wwid \"1Linux_scsi_debug_2000\"\n}\n",
  },
  "blacklist-device": { conf: "defaults {\n find_multipaths no\n}\nblacklist {\n device {\n  vendor LIO-ORG\n  product \".*\"\n }\n}\n" },
  "find-strict": { conf: "defaults {\n find_multipaths strict\n}\n" },
  "find-on": { conf: "defaults {\n find_multipaths on\n}\n" },
  "find-greedy": { conf: "defaults {\n find_multipaths greedy\n}\n" },
  "prio-const": { conf: "defaults {\n find_multipaths no\n detect_prio no\n prio const\n}\n" },
  "no-path-retry": { conf: "defaults {\n find_multipaths no\n no_path_retry 12\n}\n" },
  "group-by-prio": { conf: "defaults {\n find_multipaths no\n}\n", args: "-p group_by_prio" },
  "group-by-serial": { conf: "defaults {\n find_multipaths no\n}\n", args: "-p group_by_serial" },
  "group-by-node-name": { conf: "defaults {\n find_multipaths no\n}\n", args: "-p group_by_node_name" },
};
// group_by_tpg and detect_pgpolicy do not exist in 0.9.4: checked on our side only
const OURS_ONLY = `
cat > /etc/multipath.conf <<'CONF'
defaults {
 find_multipaths no
}
CONF
reset; run tpg multipath -p group_by_tpg; run tpg-table sh -c 'dmsetup table | sort'
printf 'defaults {\n find_multipaths no\n path_grouping_policy multibus\n detect_pgpolicy no\n}\n' > /etc/multipath.conf
reset; run failover multipath; run failover-table sh -c 'dmsetup table | sort'`;

let r: VmResult;
beforeAll(async () => {
  const body = Object.entries(CONFIGS).map(([name, c]) => `
cat > /etc/multipath.conf <<'CONF'
${c.conf}CONF
for tool in ref our; do
  reset
  if [ $tool = ref ]; then T=/ref/sbin/multipath; else T=multipath; fi
  run $tool-${name} $T ${c.args ?? ""}
  run $tool-${name}-table sh -c 'dmsetup table | sort'
done`).join("\n");
  r = await runVm(String.raw`
scsi_debug_paths 2 1 2
lio_lun lun0 16 2
reset() { dmsetup remove_all --noudevsync >/dev/null 2>&1; rm -f /etc/multipath/bindings /etc/multipath/wwids; udevadm settle; }
${body}
${OURS_ONLY}
`, { timeoutMs: 600_000 });
}, 620_000);

describe("create under configurations, against the reference", () => {
  for (const name of Object.keys(CONFIGS)) {
    test(name, () => {
      const ref = section(r, `ref-${name}`), our = section(r, `our-${name}`);
      expect(our.out).toBe(ref.out);
      expect(our.rc).toBe(ref.rc);
      expect(normalizeMessages(untimed(our.err), "ours")).toBe(normalizeMessages(untimed(ref.err), "reference"));
      expect(section(r, `our-${name}-table`).out).toBe(section(r, `ref-${name}-table`).out);
    });
  }
  test("group_by_tpg (0.14): paths of one target port group share a group", () => {
    const t = section(r, "tpg-table").out;
    // the LIO LUN's two ports are in one TPG: one group of two paths
    expect(t).toMatch(/36001405\S+: 0 \d+ multipath 0 1 alua 1 1 service-time 0 2 2 /);
    expect(section(r, "tpg").out).toContain("create: 36001405");
  });
  test("detect_pgpolicy no (0.14): the configured multibus holds for ALUA paths of different priorities", () => {
    // with detect_pgpolicy yes, these ALUA paths would be grouped by priority
    expect(section(r, "failover-table").out).toMatch(/1Linux_scsi_debug_2000: 0 \d+ multipath 0 1 alua 1 1 service-time 0 2 2 /);
  });
  test("the configurations made a difference", () => {
    expect(section(r, "our-find-strict-table").out).toContain("No devices found");
    expect(section(r, "our-multipaths-alias-table").out).toContain("data1:");
    expect(section(r, "our-blacklist-exception-table").out.trim().split("\n")).toHaveLength(1);
    // loaded with queueing, which is switched off at once as no multipathd runs
    expect(section(r, "our-no-path-retry").err).toContain("multipath 1 queue_if_no_path 1 alua");
  });
});
