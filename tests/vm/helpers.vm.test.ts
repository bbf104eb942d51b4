// The scenario helpers themselves: scsi_debug with many paths, path state
// changes, removal and rescan, and LIO tcm_loop LUNs with ALUA and PR.
import { beforeAll, describe, expect, test } from "bun:test";
import { type VmResult, runVm, section } from "./harness.ts";

let r: VmResult;

beforeAll(async () => {
  r = await runVm(String.raw`
lio_lun lun0 32 2
run lio-disks sh -c 'for d in /sys/block/sd*; do echo "$(basename $d) $(cat $d/device/vendor)"; done'
run lio-wwids sh -c 'for d in /sys/block/sd*; do udevadm info -q property --property=ID_SERIAL --value /dev/$(basename $d); done'
run lio-rtpg sg_rtpg -d /dev/sda
run lio-pr-register sg_persist -n -o -G -S 0x123abc /dev/sda
run lio-pr-keys-other-port sg_persist -n -i -k /dev/sdb
scsi_debug_paths 4 4 8
run sd-count count_disks
run sd-wwids sh -c 'for d in /sys/block/sd*; do [ "$(cat $d/device/model | tr -d " ")" = scsi_debug ] && udevadm info -q property --property=ID_SERIAL --value /dev/$(basename $d); done | sort | uniq -c | awk "{print \$1}" | sort -u'
set -- $(scsi_debug_disks)
FIRST=$1
path_offline $FIRST
run offline disk_states
path_online $FIRST
run online disk_states
path_remove $FIRST
run after-remove count_disks
scsi_rescan
run after-rescan count_disks
`, { timeoutMs: 400_000 });
}, 420_000);

describe("scsi_debug helpers", () => {
  test("4 hosts x 4 targets x 8 LUNs give 128 paths, 4 to each of 32 LUs", () => {
    expect(section(r, "sd-count").out.trim()).toBe("128");
    // every WWID is shared by exactly 4 paths
    expect(section(r, "sd-wwids").out.trim()).toBe("4");
  });
  test("path_offline / path_online change the SCSI device state", () => {
    const off = section(r, "offline").out.trim().split("\n");
    expect(off.filter((l) => l.endsWith(" offline"))).toHaveLength(1);
    expect(section(r, "online").out).not.toContain("offline");
  });
  test("path_remove deletes a path and scsi_rescan brings it back", () => {
    expect(section(r, "after-remove").out.trim()).toBe("127");
    expect(section(r, "after-rescan").out.trim()).toBe("128");
  });
});

describe("LIO tcm_loop helper", () => {
  test("one fileio LUN through two tcm_loop ports is two sd paths with one NAA WWID", () => {
    const disks = section(r, "lio-disks").out.trim().split("\n");
    expect(disks).toHaveLength(2);
    for (const d of disks) expect(d).toMatch(/^sd[a-z]+ LIO-ORG/);
    const wwids = section(r, "lio-wwids").out.trim().split("\n");
    expect(wwids).toHaveLength(2);
    expect(wwids[0]).toMatch(/^36001405[0-9a-f]{25}$/);
    expect(wwids[1]).toBe(wwids[0]);
  });
  test("the LUN reports ALUA target port groups with both ports", () => {
    const s = section(r, "lio-rtpg");
    expect(s.rc).toBe(0);
    expect(s.out).toContain("active/optimized");
    expect(s.out).toContain("target port count : 02");
  });
  test("a PR key registered through one port is seen through the other", () => {
    expect(section(r, "lio-pr-register").rc).toBe(0);
    const keys = section(r, "lio-pr-keys-other-port");
    expect(keys.rc).toBe(0);
    expect(keys.out).toContain("0x123abc");
  });
});
