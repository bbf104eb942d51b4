// multipath -ll --json against the reference daemon's `show maps json`:
// the same layout and the same values, except the daemon's own counters.
import { beforeAll, describe, expect, test } from "bun:test";
import { FIELD_DIFFERENCES } from "../differences.ts";
import { type VmResult, runVm, section } from "./harness.ts";

let r: VmResult;
beforeAll(async () => {
  r = await runVm(String.raw`
simple_conf
scsi_debug_paths 2 1 2
lio_lun lun0 16 2
/ref/sbin/multipath -v0; udevadm settle
/ref/sbin/multipathd -d -s > /tmp/mpd.log 2>&1 &
for i in $(seq 1 100); do /ref/sbin/multipathd show daemon 2>/dev/null | grep -q idle && break; sleep 0.2; done
sleep 2
run ref /ref/sbin/multipathd show maps json
run our multipath -ll --json
run our-l multipath -l --json
`, { timeoutMs: 300_000 });
}, 320_000);

// The daemon counts loads and switches and knows its checker's next run;
// and 0.14's LIO entry checks with directio where 0.9.4 uses tur.
const DAEMON_ONLY = ["map_loads", "switch_grp", "path_faults", "total_q_time", "q_timeouts", "queueing", "checker"];
const strip = (text: string) => text.split("\n").filter((l) => !DAEMON_ONLY.some((k) => l.includes(`"${k}" :`))).join("\n");

describe("multipath -ll --json", () => {
  test("is JSON with every map", () => {
    const j = JSON.parse(section(r, "our").out);
    expect(j.major_version).toBe(0);
    expect(j.maps.map((m: { name: string }) => m.name)).toEqual(["mpatha", "mpathb", "mpathc"]);
  });
  test("equals the daemon's show maps json, but for the daemon's counters", () => {
    const ours = strip(section(r, "our").out).replace(/("failback" : ")([^"]*)"/g, (_, k, v) => `${k}${FIELD_DIFFERENCES.failback.to094(v)}"`);
    expect(ours).toBe(strip(section(r, "ref").out));
  });
  test("-l --json has no checker states", () => {
    const j = JSON.parse(section(r, "our-l").out);
    expect(j.maps[0].path_groups[0].paths[0].chk_st).toBe("undef");
  });
});
