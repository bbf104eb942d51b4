// mpathconf against a real kernel: --allow resolves multipath maps, kpartx
// partitions and devices stacked on them to WWIDs through libdevmapper (the
// oracle is Debian's dmsetup, which Red Hat's script queries); --with_module
// loads dm_multipath with modprobe and with finit_module when there is no
// modprobe; --with_multipathd starts, reconfigures and stops the daemon
// without systemd.
import { beforeAll, describe, expect, test } from "bun:test";
import { type VmResult, runVm, section } from "./harness.ts";

/** What --allow makes of simple_conf's file for these WWIDs: the sections it lacks appended, the last WWID first. */
const allowed = (wwids: string[]) =>
  "defaults {\n    user_friendly_names yes\n    find_multipaths no\n}\n\nblacklist {\n\twwid \".*\"\n}\n\n" +
  `blacklist_exceptions {\n${[...wwids].reverse().map((w) => `\twwid "${w}"\n`).join("")}}\n`;

const ALLOW: [string, string][] = [
  ["map-name", "mpatha"],
  ["map-path", "/dev/mapper/mpatha"],
  ["map-dm-node", "/dev/$(basename $(readlink -f /dev/mapper/mpatha))"],
  ["map-devt", "$(dmsetup info -c --noheadings -o major,minor --separator : mpatha)"],
  ["partition-name", "mpatha1"],
  ["partition-path", "/dev/mapper/mpatha1"],
  ["partition-devt", "$(dmsetup info -c --noheadings -o major,minor --separator : mpatha1)"],
  ["stacked-on-partition", "vg-lv"],
  ["stacked-dm-node", "/dev/$(basename $(readlink -f /dev/mapper/vg-lv))"],
  ["stacked-twice", "crypt-top"],
  ["stacked-on-two-maps", "vg-span"],
  ["no-uuid", "plain"],
  ["uuid-over-a-plain-disk", "onloop"],
  ["not-a-device", "3600fake000000000000000000000001"],
  ["devt-not-dm", "8:0"],
  ["node-not-dm", "/dev/sda"],
  ["several-deduped", "mpatha --allow mpatha1 --allow mpathb --allow vg-lv"],
];

let r: VmResult;
beforeAll(async () => {
  const mods = "dm_queue_length dm_service_time dm_round_robin dm_multipath";
  const loaded = `sh -c 'grep -c "^dm_multipath " /proc/modules'`;
  r = await runVm(String.raw`
rm -f /etc/multipath.conf
mkdir -p /etc/multipath
# --with_module (default y): modprobe, or finit_module with no modprobe on PATH
rmmod ${mods}
run mod-status mpathconf
run mod-enable mpathconf --enable --outfile /tmp/m1.conf
run mod-after-modprobe ${loaded}
rmmod dm_multipath
run mod-no-modprobe ls /usr/local/sbin
run mod-enable-finit env PATH=/usr/local/sbin mpathconf --enable --outfile /tmp/m2.conf
run mod-after-finit ${loaded}
run mod-status-loaded mpathconf
rmmod dm_multipath
run mod-enable-n mpathconf --enable --with_module n --outfile /tmp/m3.conf
run mod-after-n ${loaded}
run mod-status-n mpathconf --with_module n
mv /lib/modules/$(uname -r)/modules.dep /tmp/modules.dep
run mod-enable-fails env PATH=/usr/local/sbin mpathconf --enable --outfile /tmp/m4.conf
mv /tmp/modules.dep /lib/modules/$(uname -r)/modules.dep
for m in dm_multipath dm_round_robin dm_service_time dm_queue_length; do modprobe $m; done

# maps, a kpartx partition and devices stacked on them
simple_conf
scsi_debug_paths 2 1 2 dev_size_mb=16
/ref/sbin/multipath -v0; udevadm settle
printf '\x00\x00\x00\x00\x83\x00\x00\x00\x00\x08\x00\x00\x00\x10\x00\x00' | dd of=/dev/mapper/mpatha bs=1 seek=446 conv=notrunc 2>/dev/null
printf '\x55\xaa' | dd of=/dev/mapper/mpatha bs=1 seek=510 conv=notrunc 2>/dev/null
/ref/sbin/kpartx -a /dev/mapper/mpatha; udevadm settle
dmsetup create vg-lv -u LVM-mpathconftestlv0001 --table "0 1024 linear /dev/mapper/mpatha1 0"
dmsetup create crypt-top -u CRYPT-LUKS2-mpathconftest --table "0 512 linear /dev/mapper/vg-lv 0"
printf '0 1024 linear /dev/mapper/mpathb 0\n1024 1024 linear /dev/mapper/mpatha 4096\n' | dmsetup create vg-span -u LVM-mpathconftestspan
dmsetup create plain --table "0 8 zero"
dd if=/dev/zero of=/tmp/loop.img bs=1M count=1 2>/dev/null
L=$(losetup -f); losetup $L /tmp/loop.img
dmsetup create onloop -u CRYPT-plain-onloop --table "0 8 linear $L 0"
udevadm settle
run uuids sh -c 'for m in mpatha mpathb; do dmsetup info -c --noheadings -o uuid $m; done'
run stacked sh -c 'for m in mpatha1 vg-lv crypt-top vg-span plain onloop; do echo "$m $(dmsetup info -c --noheadings -o uuid $m)"; done'
run deps-span dmsetup deps -o devname vg-span
${ALLOW.map(([n, a]) => `run allow-${n} sh -c "mpathconf --allow ${a} --outfile /tmp/allow-${n}.conf && cat /tmp/allow-${n}.conf"`).join("\n")}

# --with_multipathd without systemd: the daemon on PATH is started, reconfigured, stopped
rm -f /etc/multipath.conf
export PATH=/ref/sbin:$PATH
run d-status mpathconf --with_multipathd y
run d-enable mpathconf --enable --user_friendly_names y --with_multipathd y
run d-up sh -c 'for i in $(seq 1 100); do multipathd show daemon 2>/dev/null | grep -q idle && break; sleep 0.2; done; multipathd show daemon'
run d-status-running mpathconf --with_multipathd y
run d-config-before sh -c 'multipathd show config | grep -m1 user_friendly_names'
run d-reload mpathconf --user_friendly_names n --with_multipathd y
run d-config sh -c 'sleep 1; multipathd show config | grep -m1 user_friendly_names'
run d-unchanged mpathconf --user_friendly_names n --with_multipathd y
# a reconfigure still running makes the daemon answer "shutdown" late: wait until it is idle
for i in $(seq 1 100); do multipathd show daemon 2>/dev/null | grep -q idle && break; sleep 0.2; done
run d-disable mpathconf --disable --with_multipathd y
run d-down sh -c 'for i in $(seq 1 50); do multipathd show daemon >/dev/null 2>&1 || break; sleep 0.2; done; multipathd show daemon'
run d-file cat /etc/multipath.conf
`, { timeoutMs: 400_000 });
}, 420_000);

const wwids = () => section(r, "uuids").out.trim().split("\n").map((u) => u.replace(/^mpath-/, ""));

describe("--with_module", () => {
  test("modprobe loads dm_multipath on --enable", () => {
    expect(section(r, "mod-status").out).toContain("dm_multipath module is not loaded\n");
    expect(section(r, "mod-enable").rc).toBe(0);
    expect(section(r, "mod-after-modprobe").out).toBe("1\n");
  });
  test("without modprobe, finit_module loads it", () => {
    expect(section(r, "mod-no-modprobe").out).not.toContain("modprobe"); // the only directory on PATH
    const s = section(r, "mod-enable-finit");
    expect([s.rc, s.out, s.err]).toEqual([0, "", ""]);
    expect(section(r, "mod-after-finit").out).toBe("1\n");
    expect(section(r, "mod-status-loaded").out).toContain("dm_multipath module is loaded\n");
  });
  test("--with_module n leaves it unloaded and out of the report", () => {
    expect(section(r, "mod-enable-n").rc).toBe(0);
    expect(section(r, "mod-after-n").out).toBe("0\n");
    expect(section(r, "mod-status-n").out).not.toContain("dm_multipath");
  });
  test("a module that cannot be loaded is reported; the status stays 0 as the script's", () => {
    const s = section(r, "mod-enable-fails");
    expect(s.rc).toBe(0);
    // the finit_module path (no modprobe on PATH) found no modules.dep
    expect(s.err).toMatch(/^mpathconf: cannot read \/lib\/modules\/\S+\/modules.dep\nmpathconf: could not load the dm_multipath module\n$/);
  });
});

describe("--allow resolves device-mapper devices to WWIDs", () => {
  test("the maps and the devices on them are there, with the uuids the cases are about", () => {
    expect(wwids()).toHaveLength(2);
    for (const w of wwids()) expect(w).toMatch(/^\S+$/);
    expect(section(r, "stacked").out).toBe(`mpatha1 part1-mpath-${wwids()[0]}\nvg-lv LVM-mpathconftestlv0001\n` +
      "crypt-top CRYPT-LUKS2-mpathconftest\nvg-span LVM-mpathconftestspan\nplain \nonloop CRYPT-plain-onloop\n");
  });
  const expected: Record<string, () => string[]> = {
    "map-name": () => [wwids()[0]!], "map-path": () => [wwids()[0]!], "map-dm-node": () => [wwids()[0]!],
    "map-devt": () => [wwids()[0]!], "partition-name": () => [wwids()[0]!], "partition-path": () => [wwids()[0]!],
    "partition-devt": () => [wwids()[0]!], "stacked-on-partition": () => [wwids()[0]!], "stacked-dm-node": () => [wwids()[0]!],
    "stacked-twice": () => [wwids()[0]!], "devt-not-dm": () => ["8:0"], "node-not-dm": () => ["/dev/sda"],
    // as the script: a device without a uuid is taken for a WWID; one with a uuid on non-dm devices gives none
    "no-uuid": () => ["plain"], "uuid-over-a-plain-disk": () => [], "not-a-device": () => ["3600fake000000000000000000000001"],
    "several-deduped": () => [wwids()[0]!, wwids()[1]!],
  };
  for (const [name, want] of Object.entries(expected)) {
    test(name, () => {
      const s = section(r, `allow-${name}`);
      expect(s.err).toBe("");
      expect(s.out).toBe(allowed(want()));
    });
  }
  test("stacked on two maps: both WWIDs, in the order the kernel lists the devices", () => {
    // dmsetup deps lists the table's devices last-added first
    const order = [...section(r, "deps-span").out.matchAll(/\((mpath[ab])\)/g)].map((m) => m[1]);
    expect(order).toHaveLength(2);
    const byName = { mpatha: wwids()[0]!, mpathb: wwids()[1]! };
    expect(section(r, "allow-stacked-on-two-maps").out).toBe(allowed(order.map((n) => byName[n as "mpatha" | "mpathb"])));
  });
});

describe("--with_multipathd without systemd", () => {
  test("status before: not running", () => {
    expect(section(r, "d-status").out).toContain("multipathd is not running\n");
  });
  test("--enable starts the daemon", () => {
    expect(section(r, "d-enable").rc).toBe(0);
    expect(section(r, "d-up").out).toContain("idle");
    expect(section(r, "d-status-running").out).toContain("multipathd is running\n");
  });
  test("a changed setting makes it reconfigure; it then runs with the new file", () => {
    expect(section(r, "d-config-before").out).toBe("\tuser_friendly_names \"yes\"\n");
    const s = section(r, "d-reload");
    expect([s.rc, s.out, s.err]).toEqual([0, "", ""]);
    expect(section(r, "d-config").out).toBe("\tuser_friendly_names \"no\"\n");
    expect(section(r, "d-unchanged").rc).toBe(0);
  });
  test("--disable stops it and blacklists everything", () => {
    expect(section(r, "d-disable").rc).toBe(0);
    expect(section(r, "d-down").rc).not.toBe(0);
    expect(section(r, "d-file").out).toContain('blacklist {\n\tdevnode ".*"\n}\n');
  });
});
