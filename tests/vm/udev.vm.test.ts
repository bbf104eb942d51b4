// Scenario (d): libudev through our bindings equals `udevadm info`, and the
// udev monitor delivers a new path's add event with its identity.
import { beforeAll, describe, expect, test } from "bun:test";
import { type VmResult, runVm, section } from "./harness.ts";

let r: VmResult;
beforeAll(async () => {
  r = await runVm(String.raw`
scsi_debug_paths 2 1 2
lio_lun lun0 16 1
run enumerate bun /mpathbox/tests/vm/probes/udev.ts enumerate
for d in /sys/block/sd*; do n=$(basename $d); run "udevadm-$n" udevadm info --query=property --name=/dev/$n; done
run disks sh -c 'ls /sys/block | grep ^sd'
run monitor env WANT=2 bun /mpathbox/tests/vm/probes/udev.ts monitor 'echo 1 > /sys/bus/pseudo/drivers/scsi_debug/add_host'
# names past sdz, LUNs 10+ (devpath order differs from name order), a dm map
echo 12 > /sys/bus/pseudo/drivers/scsi_debug/max_luns
scsi_rescan
D=$(scsi_debug_disks | head -1)
dmsetup create lin --table "0 $(cat /sys/block/$D/size) linear /dev/$D 0"
udevadm settle
run order bun /mpathbox/tests/vm/probes/udev.ts order
`, { timeoutMs: 300_000 });
}, 320_000);

const props = (text: string) =>
  Object.fromEntries(text.trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));

describe("(d) libudev enumeration", () => {
  test("every sd disk, with all its properties, equal to udevadm info", () => {
    const ours = JSON.parse(section(r, "enumerate").out) as Record<string, Record<string, string>>;
    const disks = section(r, "disks").out.trim().split("\n");
    expect(Object.keys(ours).sort()).toEqual(disks.sort());
    expect(disks).toHaveLength(5);
    // DEVLINKS is a set: udevadm and libudev list its links in different orders
    const links = (p: Record<string, string>) => ({ ...p, DEVLINKS: (p.DEVLINKS ?? "").split(" ").sort().join(" ") });
    for (const d of disks) {
      const theirs = props(section(r, `udevadm-${d}`).out);
      expect(links(ours[d]!)).toEqual(links(theirs));
      expect(ours[d]!.ID_SERIAL!.length).toBeGreaterThan(0);
      expect(ours[d]!.ID_WWN).toBeDefined();
    }
  });
  test("discovery's own sysfs walk lists the whole disks libudev lists, in its order", () => {
    const { udev, ours } = JSON.parse(section(r, "order").out) as { udev: string[]; ours: string[] };
    expect(udev.filter((p) => /\/sd[a-z]{2,}$/.test(p)).length).toBeGreaterThan(0);
    expect(udev.some((p) => p.endsWith("/dm-0"))).toBe(true);
    expect(ours).toEqual(udev);
  });
  test("the monitor delivers the new paths' add events, processed by udev (ID_SERIAL set)", () => {
    const events = section(r, "monitor").out.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
    expect(events).toHaveLength(2);
    for (const e of events) {
      expect(e.action).toBe("add");
      expect(e.sysname).toMatch(/^sd[a-z]+$/);
      expect(e.initialized).toBe(true);
      expect(e.ID_SERIAL).toMatch(/^1Linux_scsi_debug_/);
      expect(e.ID_WWN).toMatch(/^0x/);
    }
  });
});
