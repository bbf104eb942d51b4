// Scenarios (b) and (c): our libdevmapper bindings against the kernel,
// cross-checked with dmsetup and the reference multipath.
import { beforeAll, describe, expect, test } from "bun:test";
import { type VmResult, runVm, section } from "./harness.ts";

const SCRIPT = String.raw`
P="bun /mpathbox/tests/vm/probes/dm.ts"
scsi_debug_paths 2 1 1
set -- $(scsi_debug_disks); A=$1; B=$2
DA=$(cat /sys/block/$A/dev); DB=$(cat /sys/block/$B/dev); SIZE=$(cat /sys/block/$A/size)
# The map's WWID is what multipath uses: the udev uid_attribute ID_SERIAL.
WWID=$(udevadm info -q property --property=ID_SERIAL --value /dev/$A)
PARAMS="0 0 1 1 round-robin 0 2 1 $DA 1 $DB 1"
run vars echo "$A $B $DA $DB $SIZE $WWID"
run targets-probe $P targets
run targets-dmsetup dmsetup targets
run versions-probe $P versions
run versions-dmsetup dmsetup version
run create $P create mpt "mpath-$WWID" $SIZE "$PARAMS"
run ls-probe $P list
run ls-dmsetup dmsetup ls
run table-probe $P table mpt
run table-dmsetup dmsetup table mpt
run status-probe $P status mpt
run status-dmsetup dmsetup status mpt
run info-dmsetup dmsetup info -c --noheadings --separator ' ' -o name,uuid,major,minor mpt
run ref-ll /ref/sbin/multipath -ll mpt
run fail $P message mpt fail_path $DB
run status-failed $P status mpt
run status-failed-dmsetup dmsetup status mpt
run reinstate $P message mpt reinstate_path $DB
run status-reinstated dmsetup status mpt
run reload $P reload mpt $SIZE "0 0 2 2 round-robin 0 1 1 $DA 1 round-robin 0 1 1 $DB 1"
run table-reloaded dmsetup table mpt
run suspend-resume $P suspend-resume mpt
run remove $P remove mpt
run create-ro $P create-ro mptro mpath-ro $SIZE "$PARAMS"
run ro-dmsetup dmsetup info -c --noheadings -o attr mptro
exec 5</dev/mapper/mptro
run remove-deferred $P remove-deferred mptro
run deferred-still-there dmsetup info -c --noheadings -o name mptro
exec 5<&-
udevadm settle
run deferred-gone sh -c 'dmsetup ls | grep -c mptro'
run ls-after dmsetup ls
run error $P error badmap
mv /usr/lib/udev/rules.d/95-dm-notify.rules /tmp/ && udevadm control --reload
run nosync-create $P create mpt2 mpath-nosync $SIZE "$PARAMS" 3000
run nosync-cleanup dmsetup --noudevsync remove mpt2
mv /tmp/95-dm-notify.rules /usr/lib/udev/rules.d/ && udevadm control --reload
udevadm control --exit
run udevd-dead-create $P create mpt3 mpath-dead $SIZE "$PARAMS" 2000
run udevd-dead-cleanup dmsetup --noudevsync remove mpt3
`;

let r: VmResult;
let A: string, B: string, DA: string, DB: string, SIZE: string, WWID: string;
const json = <T>(name: string): T => {
  const s = section(r, name);
  if (s.rc !== 0) throw new Error(`${name} failed (rc ${s.rc}): ${s.err}`);
  return JSON.parse(s.out) as T;
};
type Target = { start: number; length: number; type: string; params: string };
const line = (t: Target) => `${t.start} ${t.length} ${t.type} ${t.params}`.trimEnd();

beforeAll(async () => {
  r = await runVm(SCRIPT, { timeoutMs: 300_000 });
  [A, B, DA, DB, SIZE, WWID] = section(r, "vars").out.trim().split(" ") as [string, string, string, string, string, string];
}, 330_000);

describe("(b) listing through the bindings equals dmsetup", () => {
  test("target types and versions equal `dmsetup targets`, multipath included", () => {
    const ours = json<{ name: string; version: number[] }[]>("targets-probe")
      .map((t) => `${t.name} v${t.version.join(".")}`).sort();
    const theirs = section(r, "targets-dmsetup").out.trim().split("\n").map((l) => l.trim().split(/\s+/).join(" ")).sort();
    expect(ours).toEqual(theirs);
    expect(ours.some((t) => /^multipath v1\.\d+\.\d+$/.test(t))).toBe(true);
  });
  test("library and driver versions equal `dmsetup version`", () => {
    const v = json<{ driver: string; library: string }>("versions-probe");
    const out = section(r, "versions-dmsetup").out;
    expect(out).toContain(`Driver version:    ${v.driver}`);
    expect(out).toMatch(new RegExp(`Library version:\\s+${v.library.replace(/[.()]/g, "\\$&")}`));
  });
  test("device list equals `dmsetup ls` (name and devt)", () => {
    const ours = json<{ name: string; major: number; minor: number }[]>("ls-probe").map((d) => `${d.name} ${d.major}:${d.minor}`);
    const theirs = section(r, "ls-dmsetup").out.trim().split("\n").map((l) => {
      const m = l.match(/^(\S+)\s+\((\d+)[:,]\s*(\d+)\)$/);
      if (!m) throw new Error(`unexpected dmsetup ls line: ${l}`);
      return `${m[1]} ${m[2]}:${m[3]}`;
    });
    expect(ours.sort()).toEqual(theirs.sort());
    expect(ours.some((d) => d.startsWith("mpt "))).toBe(true);
  });
});

describe("(c) a dm-multipath map over two scsi_debug paths", () => {
  test("the scsi_debug paths are two sd devices of one LU", () => {
    expect(A).toMatch(/^sd[a-z]+$/);
    expect(B).toMatch(/^sd[a-z]+$/);
    expect(WWID.length).toBeGreaterThan(4);
  });
  test("create returns after udev made /dev/mapper/mpt, with our uuid", () => {
    const c = json<{ nodeExists: boolean; timedOut: boolean; uuid: string; info: { exists: boolean } }>("create");
    expect(c.timedOut).toBe(false);
    expect(c.nodeExists).toBe(true);
    expect(c.uuid).toBe(`mpath-${WWID}`);
    const info = section(r, "info-dmsetup").out.trim().split(" ");
    expect(info[0]).toBe("mpt");
    expect(info[1]).toBe(`mpath-${WWID}`);
  });
  test("table read back equals `dmsetup table` and names both paths", () => {
    const ours = json<Target[]>("table-probe");
    expect(ours).toHaveLength(1);
    expect(ours.map(line).join("\n")).toBe(section(r, "table-dmsetup").out.trim());
    expect(ours[0]!.length).toBe(Number(SIZE));
    expect(ours[0]!.params).toContain(`${DA} 1 ${DB} 1`);
  });
  test("status read back equals `dmsetup status`, both paths active", () => {
    const ours = json<Target[]>("status-probe");
    expect(ours.map(line).join("\n")).toBe(section(r, "status-dmsetup").out.trim());
    expect(ours[0]!.params).toContain(`${DA} A `);
    expect(ours[0]!.params).toContain(`${DB} A `);
  });
  test("the reference multipath -ll recognises the map", () => {
    const s = section(r, "ref-ll");
    expect(s.out).toContain(`mpt (${WWID})`);
    expect(s.out).toContain(A);
    expect(s.out).toContain(B);
  });
  test("fail_path marks the path failed; reinstate_path brings it back", () => {
    expect(section(r, "fail").rc).toBe(0);
    const failed = json<Target[]>("status-failed");
    expect(failed[0]!.params).toContain(`${DB} F `);
    expect(failed[0]!.params).toContain(`${DA} A `);
    expect(failed.map(line).join("\n")).toBe(section(r, "status-failed-dmsetup").out.trim());
    expect(section(r, "status-reinstated").out).toContain(`${DB} A `);
  });
  test("reload swaps in a new table (two groups) and resume keeps it", () => {
    expect(section(r, "reload").rc).toBe(0);
    expect(section(r, "table-reloaded").out.trim()).toBe(
      `0 ${SIZE} multipath 0 0 2 2 round-robin 0 1 1 ${DA} 1 round-robin 0 1 1 ${DB} 1`,
    );
  });
  test("suspend with noflush, then resume", () => {
    expect(json<{ suspended: boolean; after: boolean }>("suspend-resume")).toEqual({ suspended: true, after: false });
  });
  test("a read-only map is read-only in the kernel", () => {
    expect(json<{ readOnly: boolean }>("create-ro").readOnly).toBe(true);
    // dmsetup attr column: L = live table, then r = read-only
    expect(section(r, "ro-dmsetup").out.trim()).toMatch(/^L-+r/);
  });
  test("deferred remove of an open map: kept while open, gone when closed", () => {
    const d = json<{ info: { deferredRemove: boolean; openCount: number } }>("remove-deferred");
    expect(d.info.deferredRemove).toBe(true);
    expect(d.info.openCount).toBeGreaterThan(0);
    expect(section(r, "deferred-still-there").out.trim()).toBe("mptro");
    expect(section(r, "deferred-gone").out.trim()).toBe("0");
  });
  test("remove takes the map and its node away", () => {
    const rm = json<{ nodeExists: boolean; info: unknown; attempts: number }>("remove");
    expect(rm.nodeExists).toBe(false);
    expect(rm.info).toBeNull();
    expect(section(r, "ls-after").out).not.toContain("mpt");
  });
  test("a failing create throws a DmError carrying libdm's message", () => {
    const e = json<{ threw: boolean; name: string; message: string }>("error");
    expect(e.threw).toBe(true);
    expect(e.name).toBe("DmError");
    expect(e.message).toContain("badmap");
    expect(e.message.length).toBeGreaterThan("device-mapper create badmap failed".length);
  });
  test("without the dm notify rule, udev sync gives up at the cap instead of hanging", () => {
    const c = json<{ timedOut: boolean; waitedMs: number; info: { exists: boolean } }>("nosync-create");
    expect(c.timedOut).toBe(true);
    expect(c.waitedMs).toBeGreaterThanOrEqual(3000);
    expect(c.info.exists).toBe(true);
    expect(section(r, "nosync-cleanup").rc).toBe(0);
  });
  test("with udevd gone (its control socket left behind) the wait stops at the cap too", () => {
    const c = json<{ timedOut: boolean; waitedMs: number; info: { exists: boolean } }>("udevd-dead-create");
    expect(c.timedOut).toBe(true);
    expect(c.waitedMs).toBeGreaterThanOrEqual(2000);
    expect(c.info.exists).toBe(true);
    expect(section(r, "udevd-dead-cleanup").rc).toBe(0);
  });
});
