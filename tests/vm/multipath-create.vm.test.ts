// Map creation against the reference: on the same paths, the reference and
// mpathbox (each from a clean state) print the same, load the same tables
// and write the same bindings and wwids files; -d, -r, a device argument,
// -p and an unchanged re-run too.
import { beforeAll, describe, expect, test } from "bun:test";
import { DRY_RUN_SCSI_TIMEOUTS, normalizeMessages } from "../differences.ts";
import { untimed } from "./compare.ts";
import { type VmResult, runVm, section } from "./harness.ts";

const STEPS: [string, string][] = [
  ["create", ""],
  ["rerun", ""],
  ["force", "-r"],
  ["multibus", "-p multibus -r"],
];
const FILES = ["table", "bindings", "wwids"];

let r: VmResult;
beforeAll(async () => {
  const phase = (tool: string, bin: string) => `
reset
run ${tool}-dry ${bin} -d
${STEPS.map(([n, a]) => `run ${tool}-${n} ${bin} ${a}\nrun ${tool}-${n}-table sh -c 'dmsetup table | sort'`).join("\n")}
run ${tool}-bindings cat /etc/multipath/bindings
run ${tool}-wwids cat /etc/multipath/wwids
[ -e /tmp/bhdr ] || grep '^#' /etc/multipath/bindings > /tmp/bhdr
reset
run ${tool}-one ${bin} /dev/$ONE
run ${tool}-one-table sh -c 'dmsetup table | sort'
reset
printf 'defaults {\n    user_friendly_names yes\n    find_multipaths no\n    uid_attribute ID_WWN\n}\n' > /etc/multipath.conf
run ${tool}-one-wwn ${bin} /dev/$ONE
run ${tool}-one-wwn-table sh -c 'dmsetup table | sort'
simple_conf
reset
{ cat /tmp/bhdr; echo "mpathq $W1"; } > /etc/multipath/bindings
run ${tool}-byname ${bin} mpathq
run ${tool}-byname-table sh -c 'dmsetup table | sort'
run ${tool}-byname-a ${bin} -a mpathq`;
  r = await runVm(String.raw`
simple_conf
scsi_debug_paths 2 1 2
lio_lun lun0 16 2
ONE=$(scsi_debug_disks | head -1)
W1=$(udevadm info -q property --property=ID_SERIAL --value /dev/$ONE)
reset() { /ref/sbin/multipath -F >/dev/null 2>&1; dmsetup remove_all --noudevsync >/dev/null 2>&1; rm -f /etc/multipath/bindings /etc/multipath/wwids; udevadm settle; }
${phase("ref", "/ref/sbin/multipath")}
${phase("our", "multipath")}
reset
run our-ll-after sh -c 'multipath -v0 && multipath -ll'
`, { timeoutMs: 500_000 });
}, 520_000);

const compare = (name: string, dryRun = false) => {
  const ref = section(r, `ref-${name}`), our = section(r, `our-${name}`);
  expect(our.out).toBe(ref.out);
  expect(our.rc).toBe(ref.rc);
  let refErr = normalizeMessages(untimed(ref.err), "reference");
  if (dryRun) refErr = DRY_RUN_SCSI_TIMEOUTS.reference(refErr);
  expect(normalizeMessages(untimed(our.err), "ours")).toBe(refErr);
};

describe("multipath (create) equals the reference", () => {
  test("dry run (-d) prints the maps and changes nothing", () => {
    compare("dry", true);
    expect(section(r, "our-dry").out).toContain(": mpatha (");
  });
  for (const [n, a] of STEPS) {
    test(`multipath ${a || "(no options)"}: output and the loaded tables`, () => {
      compare(n);
      expect(section(r, `our-${n}-table`).out).toBe(section(r, `ref-${n}-table`).out);
    });
  }
  test("the bindings and wwids files", () => {
    expect(section(r, "our-bindings").out).toBe(section(r, "ref-bindings").out);
    expect(section(r, "our-wwids").out).toBe(section(r, "ref-wwids").out);
    expect(section(r, "our-bindings").out).toContain("mpathc ");
  });
  test("a path argument creates only its map", () => {
    compare("one");
    expect(section(r, "our-one-table").out).toBe(section(r, "ref-one-table").out);
    expect(section(r, "our-one-table").out.trim().split("\n")).toHaveLength(1);
    // (a bare "sda" would name a map; "No devices found" is one line too)
    expect(section(r, "our-one-table").out).toStartWith("mpatha: ");
  });
  test("a path argument's WWID is by the configured uid_attribute (ID_WWN here)", () => {
    compare("one-wwn");
    const table = section(r, "our-one-wwn-table").out;
    expect(table).toBe(section(r, "ref-one-wwn-table").out);
    expect(table.trim().split("\n")).toHaveLength(1);
    expect(table).toStartWith("mpatha: ");
  });
  test("a name no map has yet: the bindings file's WWID for it (get_refwwid), only its map", () => {
    compare("byname");
    compare("byname-a");
    const table = section(r, "our-byname-table").out;
    expect(table).toBe(section(r, "ref-byname-table").out);
    expect(table.trim().split("\n")).toHaveLength(1);
    expect(table).toStartWith("mpathq: ");
    expect(section(r, "our-byname-a").out).toMatch(/^wwid '\S+' added\n$/);
  });
  test("the maps made are whole: -ll shows every path active", () => {
    const ll = section(r, "our-ll-after").out;
    expect(ll.match(/active ready running/g)).toHaveLength(6);
  });
});
