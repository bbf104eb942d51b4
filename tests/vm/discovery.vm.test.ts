// Path facts from sysfs/udev against what the reference daemon discovered
// about the same paths (scsi_debug and LIO tcm_loop).
import { beforeAll, describe, expect, test } from "bun:test";
import { FIELD_DIFFERENCES } from "../differences.ts";
import { type VmResult, runVm, section } from "./harness.ts";

let r: VmResult;
beforeAll(async () => {
  r = await runVm(String.raw`
printf 'defaults {\n find_multipaths no\n}\n' > /etc/multipath.conf
scsi_debug_paths 2 2 2
lio_lun lun0 16 2
/ref/sbin/multipathd -d -s > /tmp/mpd.log 2>&1 &
for i in $(seq 1 100); do /ref/sbin/multipathd show daemon 2>/dev/null | grep -q idle && break; sleep 0.2; done
run ref /ref/sbin/multipathd show paths raw format "%d|%D|%P|%z|%i|%s|%S"
run our bun /mpathbox/tests/vm/probes/paths.ts
`, { timeoutMs: 300_000 });
}, 320_000);

const lines = (s: string) => s.trim().split("\n").map((l) => l.trimEnd()).sort();

describe("path discovery", () => {
  test("the reference daemon saw the 10 paths", () => {
    expect(lines(section(r, "ref").out)).toHaveLength(10);
  });
  test("devt, protocol, serial, hcil, vendor/product/rev and size equal the reference's", () => {
    const ours = lines(section(r, "our").out).map((l) => {
      const f = l.split("|");
      f[5] = FIELD_DIFFERENCES.pathVendorProductRev.to094(f[5]!);
      return f.join("|");
    });
    expect(ours).toEqual(lines(section(r, "ref").out));
  });
  test("the 0.14 vendor,product,rev field carries the revision", () => {
    expect(section(r, "our").out).toContain("|Linux,scsi_debug,0191|");
    expect(section(r, "our").out).toContain("|LIO-ORG,FILEIO,4.0|");
  });
});
