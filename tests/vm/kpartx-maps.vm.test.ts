// kpartx's map rules in the VM, the properties upstream's test-kpartx
// checks, each step run by the reference and then by mpathbox on the same
// loop devices: partitions found by uuid and renamed, delimiter switches
// with -u -p, name clashes, maps kpartx did not make left alone unless -f,
// busy maps, read-only maps, contained slices, -n, partitions past the end.
import { beforeAll, describe, expect, test } from "bun:test";
import { type Section, type VmResult, runVm, section } from "./harness.ts";

const STEPS = [
  "eggs", "rename-back", "spam", "spam-maps", "clash", "clash-maps", "del-keeps-user", "del-keeps-user-maps",
  "force-del", "force-del-maps", "busy", "busy-maps", "ro", "ro-attr", "bsd", "bsd-maps", "nosync", "nosync-node",
  "past-end", "past-end-maps", "update-gone", "update-gone-maps",
];

let r: VmResult;
beforeAll(async () => {
  const phase = (t: string, bin: string) => `
setup
run ${t}-eggs ${bin} -a -p -eggs /dev/loop1
dmsetup rename loop1-eggs1 loop1; udevadm settle
run ${t}-rename-back ${bin} -a -v /dev/loop1
run ${t}-spam ${bin} -u -v -p -spam /dev/loop1
run ${t}-spam-maps maps
dmsetup create loop2p1 --uuid foreign-uuid --table "0 8 linear 7:2 2048"; udevadm settle
run ${t}-clash ${bin} -a -v /dev/loop2
run ${t}-clash-maps maps
dmsetup create user1 --table "0 100 linear 7:1 4096"; udevadm settle
run ${t}-del-keeps-user ${bin} -d -v /dev/loop1
run ${t}-del-keeps-user-maps maps
run ${t}-force-del ${bin} -f -d -v /dev/loop1
run ${t}-force-del-maps maps
${bin} -a /dev/loop3; udevadm settle
exec 4</dev/mapper/loop3p1
run ${t}-busy ${bin} -d -v /dev/loop3
exec 4<&-
run ${t}-busy-maps maps
${bin} -d /dev/loop3; udevadm settle
run ${t}-ro ${bin} -a -r -v /dev/loop3
run ${t}-ro-attr sh -c 'dmsetup info -c --noheadings -o name,attr | sort'
${bin} -d /dev/loop3; udevadm settle
run ${t}-bsd ${bin} -a -v /dev/loop4
run ${t}-bsd-maps maps
${bin} -d /dev/loop4; udevadm settle
run ${t}-nosync ${bin} -a -n /dev/loop5
udevadm settle
run ${t}-nosync-node sh -c 'ls /dev/mapper | grep loop5'
run ${t}-past-end ${bin} -a /dev/loop6
run ${t}-past-end-maps maps
${bin} -a /dev/loop7; udevadm settle
dd if=/dev/zero of=/dev/loop7 bs=1 seek=462 count=16 conv=notrunc 2>/dev/null
run ${t}-update-gone ${bin} -u -v /dev/loop7
run ${t}-update-gone-maps maps
teardown`;
  r = await runVm(String.raw`
maps() { dmsetup table | sort; for m in $(dmsetup ls | cut -f1 | sort); do echo "$m $(dmsetup info -c --noheadings -o uuid $m)"; done; }
# an MBR partition table: "start size type" triples, 512-byte sectors
mbr() {
  _f=$1; shift; _i=0
  while [ $# -ge 3 ]; do
    printf "$(printf '\\x%02x' $(( $3 )))" | dd of=$_f bs=1 seek=$((446 + 16 * _i + 4)) conv=notrunc 2>/dev/null
    le32 $1 | dd of=$_f bs=1 seek=$((446 + 16 * _i + 8)) conv=notrunc 2>/dev/null
    le32 $2 | dd of=$_f bs=1 seek=$((446 + 16 * _i + 12)) conv=notrunc 2>/dev/null
    _i=$((_i + 1)); shift 3
  done
  printf '\x55\xaa' | dd of=$_f bs=1 seek=510 conv=notrunc 2>/dev/null
}
le32() { printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"; }
# a BSD disklabel in sector 1: "size offset" pairs (fstype 7); slice c spans the disk
bsd() {
  _f=$1; shift; _i=0
  le32 $((0x82564557)) | dd of=$_f bs=1 seek=512 conv=notrunc 2>/dev/null
  printf "$(printf '\\x%02x' $(($# / 2)))" | dd of=$_f bs=1 seek=$((512 + 138)) conv=notrunc 2>/dev/null
  while [ $# -ge 2 ]; do
    le32 $1 | dd of=$_f bs=1 seek=$((512 + 148 + 16 * _i)) conv=notrunc 2>/dev/null
    le32 $2 | dd of=$_f bs=1 seek=$((512 + 152 + 16 * _i)) conv=notrunc 2>/dev/null
    printf '\x07' | dd of=$_f bs=1 seek=$((512 + 160 + 16 * _i)) conv=notrunc 2>/dev/null
    _i=$((_i + 1)); shift 2
  done
}
setup() {
  for n in 1 2 3 4 5 6 7; do dd if=/dev/zero of=/tmp/d$n.img bs=1M count=8 2>/dev/null; done
  for n in 1 2 3 5; do mbr /tmp/d$n.img 2048 4096 0x83; done
  bsd /tmp/d4.img 2000 100 3000 5000 16384 0
  mbr /tmp/d6.img 2048 4096 0x83 14336 8192 0x83
  mbr /tmp/d7.img 2048 2048 0x83 6144 2048 0x83
  for n in 1 2 3 4 5 6 7; do losetup /dev/loop$n /tmp/d$n.img; done
  udevadm settle
}
teardown() { dmsetup remove_all; udevadm settle; losetup -D; udevadm settle; }
${phase("ref", "/ref/sbin/kpartx")}
${phase("our", "kpartx")}
`, { timeoutMs: 400_000 });
}, 420_000);

const strip = (s: Section) => ({ rc: s.rc, out: s.out, err: s.err });

describe("kpartx map rules, step by step against the reference", () => {
  for (const step of STEPS.filter((s) => s !== "past-end")) {
    test(step, () => {
      expect(strip(section(r, `our-${step}`))).toEqual(strip(section(r, `ref-${step}`)));
    });
  }
  test("the steps did what test-kpartx expects", () => {
    expect(section(r, "our-rename-back").err).toBe(
      "found map loop1 for uuid part1-devnode_7:1_Wh5pYvM, renaming to loop1p1\n");
    expect(section(r, "our-spam-maps").out).toContain("loop1-spam1 part1-devnode_7:1_Wh5pYvM");
    expect(section(r, "our-clash").rc).toBe(1);
    expect(section(r, "our-clash").err).toBe("loop2p1 is already in use, and not a kpartx partition\n");
    expect(section(r, "our-del-keeps-user-maps").out).toContain("user1: 0 100 linear 7:1 4096");
    expect(section(r, "our-del-keeps-user-maps").out).not.toContain("loop1-spam1");
    expect(section(r, "our-force-del-maps").out).not.toContain("user1");
    expect(section(r, "our-busy").rc).toBe(1);
    expect(section(r, "our-busy").out).toBe("loop3p1 is in use. Not removing\n");
    expect(section(r, "our-ro-attr").out).toContain("loop3p1:L--r\n");
    expect(section(r, "our-bsd").out).toMatch(/^add map loop4p3 .*\nadd map loop4p1 .* linear 7:4 100\nadd map loop4p2 /);
    expect(section(r, "our-bsd-maps").out).toMatch(/loop4p1 part1-devnode_7:4_Wh5pYvM/);
    expect(section(r, "our-nosync-node").out).toBe("loop5p1\n");
    expect(section(r, "our-update-gone").out).toMatch(/^add map loop7p1 \(\d+:\d+\): 0 2048 linear 7:7 2048\ndel devmap : loop7p2\n$/);
  });
  test("a partition past the end of the disk: no map, counted as a failure, and said why", () => {
    const ours = section(r, "our-past-end"), ref = section(r, "ref-past-end");
    expect(ours.rc).toBe(ref.rc);
    expect(ours.rc).toBe(1);
    expect(ref.err).toContain("create/reload failed on loop6p2\n");
    expect(ours.err).toBe(
      "loop6p2: partition ends at sector 22528, past the end of the device (16384 sectors)\ncreate/reload failed on loop6p2\n");
  });
});
