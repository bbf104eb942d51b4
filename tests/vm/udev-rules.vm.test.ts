// contrib/: mpathbox's udev rules and kpartx_id, installed by
// contrib/install.sh, against Debian's rules with the reference tools on the
// same storage: path disks marked and their partition nodes removed, the
// map's partitions mapped by kpartx from udev, the by-id names of map and
// partitions, and a reload that leaves the layers above alone.
import { beforeAll, describe, expect, test } from "bun:test";
import { type VmResult, runVm, section } from "./harness.ts";

const PATH_KEYS = "DM_MULTIPATH_DEVICE_PATH|ID_FS_TYPE|SYSTEMD_READY|DM_DEL_PART_NODES";
const MAP_KEYS = "DM_NAME|DM_UUID|MPATH_DEVICE_READY|MPATH_UNCHANGED|DM_TYPE|DM_SERIAL|DM_WWN|DM_PART|DM_MPATH|DM_ACTIVATION|DM_NOSCAN";

let r: VmResult;
beforeAll(async () => {
  const phase = (t: string) => `
scsi_debug_paths 2 1 1 dev_size_mb=32
mbr /dev/sda
blockdev --rereadpt /dev/sda; blockdev --rereadpt /dev/sdb; udevadm settle
run ${t}-before sh -c 'ls /dev | grep "^sd" | sort'
rules_${t}
udevadm trigger --action=add --subsystem-match=block; udevadm settle --timeout=60
run ${t}-coldplug-props sh -c 'for d in sda sdb; do udevadm info -q property /dev/$d | grep -E "^(${PATH_KEYS})=" | sed "s/^/$d /"; done'
run ${t}-create multipath
udevadm settle --timeout=60
run ${t}-path-props sh -c 'for d in sda sdb; do udevadm info -q property /dev/$d | grep -E "^(${PATH_KEYS})=" | sed "s/^/$d /"; done'
run ${t}-path-nodes sh -c 'ls /dev | grep "^sd" | sort'
run ${t}-maps sh -c 'dmsetup table | sort; dmsetup ls | cut -f1 | sort'
run ${t}-map-props sh -c 'for m in $(dmsetup ls | cut -f1 | sort); do udevadm info -q property /dev/mapper/$m | grep -E "^(${MAP_KEYS})=" | sed "s/^/$m /"; done'
run ${t}-by-id sh -c 'ls -l /dev/disk/by-id | grep -E "dm-|mpath" | sed -E "s/.* ([^ ]+) -> .*\\/([^/]+)$/\\1 \\2/" | sort'
run ${t}-reload multipath -r
udevadm settle --timeout=60
run ${t}-reload-props sh -c 'udevadm info -q property /dev/mapper/mpatha | grep -E "^(MPATH_UNCHANGED|MPATH_DEVICE_READY|DM_ACTIVATION)="; dmsetup ls | cut -f1 | sort'
dmsetup remove_all; udevadm settle
modprobe -r scsi_debug; udevadm settle
rm -f /usr/lib/udev/rules.d/*mpath* /usr/lib/udev/rules.d/*multipath* /usr/lib/udev/rules.d/*kpartx* /usr/lib/udev/rules.d/*dm-parts* /usr/lib/udev/rules.d/*del-part-nodes*
rm -f /usr/sbin/multipath /usr/sbin/kpartx /usr/lib/udev/kpartx_id
udevadm control --reload`;
  r = await runVm(String.raw`
simple_conf
mbr() {
  printf '\x00\x00\x00\x00\x83\x00\x00\x00\x00\x08\x00\x00\x00\x20\x00\x00' | dd of=$1 bs=1 seek=446 conv=notrunc 2>/dev/null
  printf '\x00\x00\x00\x00\x83\x00\x00\x00\x00\x28\x00\x00\x00\x20\x00\x00' | dd of=$1 bs=1 seek=462 conv=notrunc 2>/dev/null
  printf '\x55\xaa' | dd of=$1 bs=1 seek=510 conv=notrunc 2>/dev/null
}
cp /usr/lib/udev/kpartx_id /tmp/debian-kpartx_id
rm -f /usr/lib/udev/kpartx_id
rules_ref() {
  cp /usr/lib/udev/rules.mpath/* /usr/lib/udev/rules.d/
  ln -sf /ref/sbin/multipath /usr/sbin/multipath; ln -sf /ref/sbin/kpartx /usr/sbin/kpartx
  cp /tmp/debian-kpartx_id /usr/lib/udev/kpartx_id
  udevadm control --reload
}
rules_our() {
  run our-install sh /mpathbox/contrib/install.sh /usr/local/sbin/mpathbox
  udevadm control --reload
}
# the multipath of the phase: the reference's or ours, installed in /usr/sbin
PATH=/usr/sbin:$PATH
${phase("ref")}
${phase("our")}
`, { timeoutMs: 400_000 });
}, 420_000);

describe("udev rules: mpathbox's against Debian's with the reference tools", () => {
  test("contrib/install.sh installs the tools, kpartx_id and the rules (renumbered for Debian's dm rules)", () => {
    const s = section(r, "our-install");
    expect(s.rc).toBe(0);
    expect(s.out).toContain("/usr/lib/udev/rules.d/56-dm-mpath.rules\n");
    expect(s.out).toContain("/usr/lib/udev/rules.d/60-kpartx.rules\n");
  });
  test("the disks had their partition nodes before the rules", () => {
    expect(section(r, "our-before").out).toBe("sda\nsda1\nsda2\nsdb\nsdb1\nsdb2\n");
    expect(section(r, "ref-before").out).toBe(section(r, "our-before").out);
  });
  test("at coldplug, without multipathd, no disk is claimed (upstream's daemon check)", () => {
    expect(section(r, "our-coldplug-props").out).toBe(section(r, "ref-coldplug-props").out);
    expect(section(r, "our-coldplug-props").out).toContain("sda DM_MULTIPATH_DEVICE_PATH=0\n");
  });
  test("once the map exists, its path disks are members and lose their partition nodes", () => {
    expect(section(r, "our-path-props").out).toBe(section(r, "ref-path-props").out);
    expect(section(r, "our-path-props").out).toContain("sda DM_MULTIPATH_DEVICE_PATH=1\n");
    expect(section(r, "our-path-props").out).toContain("sdb ID_FS_TYPE=mpath_member\n");
    expect(section(r, "our-path-nodes").out).toBe(section(r, "ref-path-nodes").out);
    expect(section(r, "our-path-nodes").out).toBe("sda\nsdb\n");
  });
  test("the map's partitions are mapped from udev, named -part<N>", () => {
    expect(section(r, "our-create").rc).toBe(0);
    expect(section(r, "our-maps").out).toBe(section(r, "ref-maps").out);
    expect(section(r, "our-maps").out).toContain("mpatha-part1\nmpatha-part2\n");
  });
  test("map and partition properties and by-id names", () => {
    expect(section(r, "our-map-props").out).toBe(section(r, "ref-map-props").out);
    expect(section(r, "our-map-props").out).toContain("mpatha-part1 DM_PART=1\n");
    expect(section(r, "our-map-props").out).toContain("mpatha MPATH_DEVICE_READY=1\n");
    expect(section(r, "our-by-id").out).toBe(section(r, "ref-by-id").out);
    expect(section(r, "our-by-id").out).toMatch(/-part1 dm-\d+\n/);
  });
  test("a reload leaves the layers above alone (MPATH_UNCHANGED)", () => {
    expect(section(r, "our-reload").rc).toBe(0);
    expect(section(r, "our-reload-props").out).toBe(section(r, "ref-reload-props").out);
  });
});
