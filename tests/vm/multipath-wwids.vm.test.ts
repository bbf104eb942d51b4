// multipath -a / -w / -W against the reference: messages and the wwids file.
import { beforeAll, describe, expect, test } from "bun:test";
import { type VmResult, runVm, section } from "./harness.ts";

const STEPS = ["-a /dev/$P", "-a /dev/$P", "-a mpathb", "-a 3600fake0000000000000000000000001", "-w /dev/$P", "-w /dev/$P", "-W", "-w"];
let r: VmResult;
beforeAll(async () => {
  const phase = (tool: string, bin: string) => `
rm -f /etc/multipath/wwids
${STEPS.map((s, i) => `run ${tool}-${i} ${bin} ${s}\nrun ${tool}-${i}-file cat /etc/multipath/wwids`).join("\n")}`;
  r = await runVm(String.raw`
simple_conf
scsi_debug_paths 2 1 2
/ref/sbin/multipath -v0; udevadm settle
P=$(scsi_debug_disks | head -1)
${phase("ref", "/ref/sbin/multipath")}
${phase("our", "multipath")}
`, { timeoutMs: 300_000 });
}, 320_000);

describe("wwids file commands equal the reference", () => {
  STEPS.forEach((s, i) => {
    test(`multipath ${s}`, () => {
      const ref = section(r, `ref-${i}`), our = section(r, `our-${i}`);
      expect(our.out).toBe(ref.out);
      expect(our.rc).toBe(ref.rc);
      expect(section(r, `our-${i}-file`).out).toBe(section(r, `ref-${i}-file`).out);
    });
  });
  test("the steps did something", () => {
    expect(section(r, "our-0").out).toMatch(/^wwid '.+' added\n$/);
    expect(section(r, "our-5").out).toMatch(/not in wwids file/);
    expect(section(r, "our-6").out).toBe("successfully reset wwids\n");
  });
});
