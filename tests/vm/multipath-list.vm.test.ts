// Differential: `multipath -l` of mpathbox against the reference (0.9.4) on
// the same maps (made by the reference), byte for byte on stdout.
import { beforeAll, describe, expect, test } from "bun:test";
import { untimed } from "./compare.ts";
import { type VmResult, runVm, section } from "./harness.ts";

const CASES = ["-l", "-l -v1", "-l -v0", "-l mpatha", "-l WWID_B", "-l /dev/PATH_A", "-l DEVT_A", "-l /dev/DM_A",
  "-l nosuchmap", "-l -v2 -l", "-ll", "-ll mpatha", "-ll -v1", "-ll /dev/DM_A"];

let r: VmResult;

beforeAll(async () => {
  const compare = (tag: string) =>
    CASES.map((c, i) => `run ref-${tag}-${i} /ref/sbin/multipath ${c}\nrun our-${tag}-${i} multipath ${c}`).join("\n");
  r = await runVm(String.raw`
simple_conf
run empty-ref /ref/sbin/multipath -l
run empty-our multipath -l
scsi_debug_paths 2 1 3
lio_lun lun0 16 2
run create /ref/sbin/multipath
run ls dmsetup ls
PATH_A=$(ls /sys/block/dm-0/slaves | head -1)
DEVT_A=$(cat /sys/block/$PATH_A/dev)
NAME_A=$(cat /sys/block/dm-0/dm/name)
WWID_B=$(cat /sys/block/dm-1/dm/uuid | sed 's/^mpath-//')
run vars echo "$PATH_A $DEVT_A $NAME_A $WWID_B"
subst() { sed "s#WWID_B#$WWID_B#; s#PATH_A#$PATH_A#; s#DEVT_A#$DEVT_A#; s#DM_A#dm-0#"; }
${CASES.map((c, i) => `C${i}=$(echo "${c}" | subst)`).join("\n")}
${CASES.map((c, i) => `run ref-ok-${i} /ref/sbin/multipath $C${i}\nrun our-ok-${i} multipath $C${i}`).join("\n")}
# fail a path under I/O, then compare again
path_offline $PATH_A
dd if=/dev/dm-0 of=/dev/null bs=4k count=16 iflag=direct 2>/dev/null
${CASES.map((c, i) => `run ref-down-${i} /ref/sbin/multipath $C${i}\nrun our-down-${i} multipath $C${i}`).join("\n")}
run nonroot-our su -s /bin/sh nobody -c 'multipath -l'
`, { timeoutMs: 400_000 });
}, 420_000);

describe("multipath -l and -ll equal the reference", () => {
  test("no maps: nothing on stdout, exit 0", () => {
    expect(section(r, "empty-our").out).toBe(section(r, "empty-ref").out);
    expect(section(r, "empty-our").rc).toBe(0);
  });
  test("the reference created four maps (3 scsi_debug LUs, 1 LIO LU with alua)", () => {
    expect(section(r, "create").rc).toBe(0);
    expect(section(r, "ls").out.trim().split("\n")).toHaveLength(4);
  });
  for (const phase of ["ok", "down"]) {
    CASES.forEach((c, i) => {
      test(`${phase}: multipath ${c}`, () => {
        const ref = section(r, `ref-${phase}-${i}`);
        const our = section(r, `our-${phase}-${i}`);
        expect(our.out).toBe(ref.out);
        expect(our.rc).toBe(ref.rc);
        // stderr too, once the monotonic timestamps are taken out
        expect(untimed(our.err)).toBe(untimed(ref.err));
      });
    });
  }
  test("the listing shows the LIO map with its alua handler and the failed path", () => {
    const all = section(r, "our-down-0").out;
    expect(all).toContain("hwhandler='1 alua'");
    expect(all).toContain("LIO-ORG,FILEIO");
    expect(all).toMatch(/failed (undef|faulty) offline/);
  });
  test("non-root is refused as upstream", () => {
    const s = section(r, "nonroot-our");
    expect(s.rc).toBe(1);
    expect(s.err).toContain("need to be root");
  });
});
