// multipath --explain: each setting with its origin, against the origins
// the reference logs for the same paths at -v3.
import { beforeAll, describe, expect, test } from "bun:test";
import { FIELD_DIFFERENCES } from "../differences.ts";
import { type VmResult, runVm, section } from "./harness.ts";

const KEYS = ["uid_attribute", "path_checker", "prio", "detect_prio", "detect_checker"];
let r: VmResult;
beforeAll(async () => {
  r = await runVm(String.raw`
simple_conf
scsi_debug_paths 2 1 1
lio_lun lun0 16 2
/ref/sbin/multipath -v0
set -- $(ls /sys/block | grep ^sd)
run paths echo "$@"
run ref /ref/sbin/multipath -v3 -d
for d in "$@"; do run "our-$d" multipath --explain $d; done
run map multipath --explain mpathb
run wwid multipath --explain "$(cat /sys/block/dm-1/dm/uuid | sed 's/^mpath-//')"
run missing multipath --explain nosuchthing
`, { timeoutMs: 300_000 });
}, 320_000);

/** "dev: key = value (origin)" with the value unquoted */
const settings = (text: string, dev: string) => {
  const out = new Map<string, string>();
  for (const line of text.replace(/^\d+\.\d{6} \| /gm, "").split("\n")) {
    const m = line.match(new RegExp(`^${dev}: ([a-z_]+) = "?([^"(]*?)"? (\\(.*\\))$`));
    if (m && KEYS.includes(m[1]!)) out.set(m[1]!, `${m[2]} ${m[3]}`);
  }
  return out;
};

describe("multipath --explain", () => {
  test("checker, prioritizer and uid_attribute with the origins the reference logs", () => {
    const ref = section(r, "ref");
    for (const dev of section(r, "paths").out.trim().split(" ")) {
      const text = section(r, `our-${dev}`).out;
      const ours = settings(text, dev);
      const theirs = settings(ref.err + ref.out, dev);
      expect(ours.size).toBe(KEYS.length);
      const lio = FIELD_DIFFERENCES.lioChecker;
      const excused = text.split("\n")[0]!.includes(` ${lio.vendor}:`) ? lio.keys : [];
      for (const [k, v] of theirs) {
        if (!excused.includes(k)) expect({ dev, k, v: ours.get(k) }).toEqual({ dev, k, v });
      }
      expect(theirs.get("prio")).toBeDefined();
    }
  });
  test("a map name or WWID explains every path of it", () => {
    expect(section(r, "map").out.match(/^sd[a-z]+: blacklist verdict/gm)).toHaveLength(2);
    expect(section(r, "wwid").out).toBe(section(r, "map").out);
  });
  test("an unknown target is an error", () => {
    expect(section(r, "missing").rc).toBe(1);
    expect(section(r, "missing").err).toContain("nosuchthing: no such path, map or WWID");
  });
});
