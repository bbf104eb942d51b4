// Bad devices during map creation, against the reference where the outcome
// is deterministic: an offline path (its node cannot be opened: it joins no
// map), a LU without VPD identity (udev has no WWID; the INQUIRY fallback
// finds a T10 id, and the kernel refuses the map: no partial map is left,
// the WWID is marked failed). Then paths deleted while multipath runs, at
// several moments: every run must leave whole maps and consistent files,
// and a map whose path went between discovery and creation is made from
// the paths that remain (upstream's verify_paths).
import { beforeAll, describe, expect, test } from "bun:test";
import { normalizeMessages } from "../differences.ts";
import { readBindingsText } from "../../src/state/bindingsText.ts";
import { parseWwids } from "../../src/state/wwids.ts";
import { untimed } from "./compare.ts";
import { type VmResult, runVm, section } from "./harness.ts";

const DELAYS = ["0", "0.2", "0.5", "1", "1.5", "2.5"];
const STATE = ["table", "maps", "bindings", "wwids", "failed"];

let r: VmResult;
beforeAll(async () => {
  const record = (name: string) => `
run ${name}-table sh -c 'dmsetup table | sort'
run ${name}-maps sh -c 'dmsetup info -c --noheadings --separator " " -o name,attr,uuid | sort'
run ${name}-bindings cat /etc/multipath/bindings
run ${name}-wwids cat /etc/multipath/wwids
run ${name}-failed sh -c 'ls /run/multipath/failed_wwids 2>/dev/null'`;
  const create = (tool: string, bin: string) => `
reset
run ${tool}-create ${bin}
${record(tool)}`;
  // after both creates: deleting and rescanning renames paths
  const vanish = (tool: string, bin: string) => `
${DELAYS.map((d, i) => `
reset
P=$(scsi_debug_disks | sed -n 4p)
run ${tool}-vanish${i} sh -c '${bin} & pid=$!; sleep ${d}; echo 1 > /sys/block/'$P'/device/delete; wait $pid; echo "rc=$?"'
${record(`${tool}-vanish${i}`)}
scsi_rescan`).join("\n")}`;
  // delete a path of the second map once the first map's creation starts:
  // after discovery, before the second map's table is loaded
  const racing = (tool: string, bin: string) => `
reset
path_online $OFF
Q=$(scsi_debug_disks | sed -n 4p)
run ${tool}-race sh -c '{ ${bin} -v3 2>&1 >/tmp/out; echo "rc=$?" >>/tmp/out; } | while IFS= read -r l; do
  echo "$l" >&2
  case "$l" in *"set ACT_CREATE"*) [ -e /tmp/deleted ] || { echo 1 > /sys/block/'$Q'/device/delete; touch /tmp/deleted; } ;; esac
done; cat /tmp/out; rm -f /tmp/deleted'
${record(`${tool}-race`)}
scsi_rescan
path_offline $OFF`;
  r = await runVm(String.raw`
simple_conf
lio_lun noser 16 2 noserial
scsi_debug_paths 2 1 2
OFF=$(scsi_debug_disks | head -1)
path_offline $OFF
run ids sh -c 'for n in $(ls /sys/block | grep ^sd); do echo "$n $(udevadm info -q property --property=ID_SERIAL --value /dev/$n)"; done'
reset() { dmsetup remove_all --noudevsync >/dev/null 2>&1; rm -rf /etc/multipath/bindings /etc/multipath/wwids /run/multipath/failed_wwids; udevadm settle; }
${create("ref", "/ref/sbin/multipath")}
${create("our", "multipath")}
${vanish("ref", "/ref/sbin/multipath")}
${vanish("our", "multipath")}
${racing("ref", "/ref/sbin/multipath")}
${racing("our", "multipath")}
`, { timeoutMs: 900_000 });
}, 920_000);

const errOf = (name: string, side: "ours" | "reference") => normalizeMessages(untimed(section(r, name).err), side);

describe("bad devices at map creation, against the reference", () => {
  test("the LIO paths have no udev WWID (the case under test)", () => {
    const ids = section(r, "ids").out.trim().split("\n");
    expect(ids.filter((l) => /^sd\w+ $/.test(l))).toHaveLength(2);
  });
  test("same output, messages and exit status", () => {
    expect(section(r, "our-create").out).toBe(section(r, "ref-create").out);
    expect(section(r, "our-create").rc).toBe(section(r, "ref-create").rc);
    expect(errOf("our-create", "ours")).toBe(errOf("ref-create", "reference"));
  });
  test("the messages say what happened: the fallback WWID, the refused map, twice as upstream", () => {
    const err = errOf("our-create", "ours");
    expect(err).toMatch(/: failed to get sysfs uid: No such file or directory\n/);
    expect(err).toMatch(/: uid = 1LIO-ORG_ \(sgio\)\n/);
    expect(err.match(/^mpath\w+: ignoring map$/gm)).toHaveLength(2);
  });
  test("same maps and state files: the offline path in no map, no partial map, the refused WWID marked failed", () => {
    for (const s of STATE) expect(section(r, `our-${s}`).out).toBe(section(r, `ref-${s}`).out);
    const maps = section(r, "our-maps").out.trim().split("\n");
    expect(maps).toHaveLength(2); // the two scsi_debug LUNs; the LIO LU has none
    for (const m of maps) expect(m).toMatch(/^mpath\w+ L--w mpath-1Linux_scsi_debug_\d+$/);
    expect(section(r, "our-failed").out.trim()).toBe("1LIO-ORG_");
  });
});

describe("a path deleted while multipath runs", () => {
  for (const [i, d] of DELAYS.entries()) {
    test(`after ${d} s: a clean exit, whole maps, consistent bindings and wwids`, () => {
      const run = section(r, `our-vanish${i}`);
      expect(run.out).toContain("rc=0");
      expect(run.err).not.toMatch(/internal error|TypeError|at .*\.ts:\d+/);
      const maps = section(r, `our-vanish${i}-maps`).out.trim().split("\n").filter(Boolean);
      const table = section(r, `our-vanish${i}-table`).out.trim().split("\n").filter(Boolean);
      const bindings = readBindingsText(section(r, `our-vanish${i}-bindings`).out);
      const wwids = parseWwids(section(r, `our-vanish${i}-wwids`).out);
      expect(bindings.notes).toEqual([]);
      expect(table).toHaveLength(maps.length);
      // each scsi_debug LU keeps a path (one LU's offline path aside, the
      // deleted path was one of two): both get a map, whenever the path went
      expect(maps.map((m) => m.split(" ")[2]).sort()).toEqual(["mpath-1Linux_scsi_debug_2000", "mpath-1Linux_scsi_debug_2001"]);
      for (const m of maps) {
        const [name, attr, uuid] = m.split(" ") as [string, string, string];
        expect(attr).toBe("L--w"); // a live table: never a device left half made
        expect(uuid).toStartWith("mpath-");
        const wwid = uuid.slice("mpath-".length);
        expect(bindings.bindings).toContainEqual({ alias: name, wwid });
        expect(wwids).toContain(wwid);
        expect(table.find((l) => l.startsWith(`${name}: `))).toMatch(/ multipath .* \d+:\d+ /);
      }
    });
  }
  test("deleted after discovery, before its map is set up: the map is made from the remaining path", () => {
    const run = section(r, "our-race");
    expect(run.out).toContain("rc=0");
    const maps = section(r, "our-race-maps").out.trim().split("\n");
    expect(maps.map((m) => m.split(" ")[2]).sort()).toEqual(["mpath-1Linux_scsi_debug_2000", "mpath-1Linux_scsi_debug_2001"]);
    for (const m of maps) expect(m.split(" ")[1]).toBe("L--w");
    const hit = /^(?:\d+\.\d+ \| )?(mpath\w+): failed to access path (sd\w+)$/m.exec(run.err);
    // the deletion is not synchronised with multipath: say which case ran
    console.log(`race: ${hit ? "path gone before its map was set up" : "map loaded first"}; the reference: ` +
      (/failed to access path/.test(section(r, "ref-race").err) ? "path gone before its map was set up" : "map loaded first") +
      `, ${section(r, "ref-race-maps").out.trim().split("\n").length} maps`);
    if (hit) {
      expect(run.err).not.toMatch(new RegExp(`${hit[1]}: ignoring map`));
      const line = section(r, "our-race-table").out.split("\n").find((l) => l.startsWith(`${hit[1]}: `));
      expect(line?.match(/ \d+:\d+ /g)).toHaveLength(1);
    }
  });
  test("the reference, for the record, left whole maps too", () => {
    for (const i of DELAYS.keys()) {
      for (const m of section(r, `ref-vanish${i}-maps`).out.trim().split("\n").filter(Boolean)) expect(m.split(" ")[1]).toBe("L--w");
    }
  });
});
