// kpartx -a / -d on a multipath map and on an image file, against the
// reference: the same partition maps (names, tables, uuids), removed again.
import { beforeAll, describe, expect, test } from "bun:test";
import { type VmResult, runVm, section } from "./harness.ts";

let r: VmResult;
beforeAll(async () => {
  const phase = (tool: string, bin: string) => `
run ${tool}-add-map ${bin} -a /dev/mapper/mpatha
run ${tool}-add-map-tables sh -c 'dmsetup table | sort; for m in $(dmsetup ls | cut -f1 | sort); do echo "$m $(dmsetup info -c --noheadings -o uuid $m)"; done'
dd if=/dev/zero of=/dev/mapper/mpatha bs=1 seek=462 count=16 conv=notrunc 2>/dev/null
run ${tool}-update ${bin} -u /dev/mapper/mpatha
run ${tool}-update-maps sh -c 'dmsetup ls | cut -f1 | sort'
mbr /dev/mapper/mpatha
run ${tool}-add-file ${bin} -av /tmp/disk.img
run ${tool}-file-tables sh -c 'dmsetup table | grep -v mpath | sort'
run ${tool}-del-map ${bin} -d /dev/mapper/mpatha
run ${tool}-del-file ${bin} -d /tmp/disk.img
run ${tool}-after sh -c 'dmsetup ls | sort; losetup -a | wc -l'`;
  r = await runVm(String.raw`
simple_conf
scsi_debug_paths 2 1 1 dev_size_mb=32
/ref/sbin/multipath -v0; udevadm settle
# two DOS partitions (2048+8192, 10240+8192) and an extended one with a logical
mbr() {
  printf '\x00\x00\x00\x00\x83\x00\x00\x00\x00\x08\x00\x00\x00\x20\x00\x00' | dd of=$1 bs=1 seek=446 conv=notrunc 2>/dev/null
  printf '\x00\x00\x00\x00\x83\x00\x00\x00\x00\x28\x00\x00\x00\x20\x00\x00' | dd of=$1 bs=1 seek=462 conv=notrunc 2>/dev/null
  printf '\x00\x00\x00\x00\x05\x00\x00\x00\x00\x48\x00\x00\x00\x20\x00\x00' | dd of=$1 bs=1 seek=478 conv=notrunc 2>/dev/null
  printf '\x55\xaa' | dd of=$1 bs=1 seek=510 conv=notrunc 2>/dev/null
  printf '\x00\x00\x00\x00\x83\x00\x00\x00\x00\x08\x00\x00\x00\x10\x00\x00' | dd of=$1 bs=1 seek=$((18432*512+446)) conv=notrunc 2>/dev/null
  printf '\x55\xaa' | dd of=$1 bs=1 seek=$((18432*512+510)) conv=notrunc 2>/dev/null
}
mbr /dev/mapper/mpatha
dd if=/dev/zero of=/tmp/disk.img bs=1M count=16 2>/dev/null
mbr /tmp/disk.img
${phase("ref", "/ref/sbin/kpartx")}
${phase("our", "kpartx")}
run our-list-map kpartx -l /dev/mapper/mpatha
run ref-list-map /ref/sbin/kpartx -l /dev/mapper/mpatha
`, { timeoutMs: 300_000 });
}, 320_000);

describe("kpartx in the VM against the reference", () => {
  test("-l of a multipath map", () => {
    expect(section(r, "our-list-map").out).toBe(section(r, "ref-list-map").out);
    expect(section(r, "our-list-map").out).toContain("mpatha1 : 0 8192 /dev/mapper/mpatha 2048");
  });
  test("-a on a multipath map: same partition maps, tables and uuids", () => {
    expect(section(r, "our-add-map").rc).toBe(section(r, "ref-add-map").rc);
    expect(section(r, "our-add-map-tables").out).toBe(section(r, "ref-add-map-tables").out);
    expect(section(r, "our-add-map-tables").out).toMatch(/mpatha1 part1-mpath-/);
    expect(section(r, "our-add-map-tables").out).toMatch(/mpatha5 part5-mpath-/);
  });
  test("-u removes the map of a partition that went away", () => {
    expect(section(r, "our-update").rc).toBe(section(r, "ref-update").rc);
    expect(section(r, "our-update-maps").out).toBe(section(r, "ref-update-maps").out);
    expect(section(r, "our-update-maps").out).not.toContain("mpatha2\n");
    expect(section(r, "our-update-maps").out).toContain("mpatha1\n");
  });
  test("-av on an image file: a loop device and its maps, with the verbose lines", () => {
    const ours = section(r, "our-add-file"), ref = section(r, "ref-add-file");
    expect(ours.rc).toBe(ref.rc);
    expect(section(r, "our-file-tables").out).toBe(section(r, "ref-file-tables").out);
    expect(ours.out.split("\n").filter(Boolean).map((l) => l.split(" ").length)).toEqual(
      ref.out.split("\n").filter(Boolean).map((l) => l.split(" ").length));
  });
  test("-d removes them all and detaches the loop", () => {
    expect(section(r, "our-del-map").rc).toBe(0);
    expect(section(r, "our-del-file").rc).toBe(0);
    expect(section(r, "our-after").out).toBe(section(r, "ref-after").out);
  });
});
