// Differential: mpathbox's multipathd client against the reference client,
// both talking to the reference daemon (0.9.4) over its socket.
import { beforeAll, describe, expect, test } from "bun:test";
import { type VmResult, runVm, section } from "./harness.ts";

const COMMANDS = [
  "show maps", "show paths", "show topology", "show daemon", "show config", "show wildcards", "show status",
  "show maps json", "show maps format %n-%w", "show paths format %d:%D:%t", "show map mpatha", "show map nosuch topology",
  "show blacklist", "frobnicate", "show", "list maps", "del map nosuch",
];

let r: VmResult;
beforeAll(async () => {
  const q = (c: string) => c.split(" ").map((w) => `'${w}'`).join(" ");
  r = await runVm(String.raw`
simple_conf
run no-daemon-our multipathd show maps
scsi_debug_paths 2 1 2
/ref/sbin/multipathd -d -s > /tmp/mpd.log 2>&1 &
for i in $(seq 1 100); do /ref/sbin/multipathd show daemon 2>/dev/null | grep -q idle && break; sleep 0.2; done
sleep 1
${COMMANDS.map((c, i) => `run ref-${i} /ref/sbin/multipathd ${q(c)}\nrun our-${i} multipathd ${q(c)}`).join("\n")}
run ref-k /ref/sbin/multipathd -k"show maps"
run our-k multipathd -k"show maps"
run our-interactive sh -c 'printf "show maps\nshow daemon\nquit\n" | multipathd -k'
run our-too-large multipathd $(seq 1 60)
`, { timeoutMs: 400_000 });
}, 420_000);

describe("multipathd client against the reference daemon", () => {
  test("without a daemon: an error and status 1 (0.14 behaviour)", () => {
    const s = section(r, "no-daemon-our");
    expect(s.rc).toBe(1);
    expect(s.err).toBe("ERROR: failed to connect to multipathd\n");
  });
  // the checker's countdown (next_check) moves between the two clients'
  // calls, and with it the column's width (9/20 vs 10/20): masked, with the
  // padding after it at the end of its lines (and the header's)
  const countdown = (t: string) => t.replace(/(?<=\s)[X.]+ \d+\/\d+(?=\s)/g, "<next_check>").replace(/^(.*next_check.*?) +$/gm, "$1");
  COMMANDS.forEach((c, i) => {
    test(`multipathd ${c}`, () => {
      const ref = section(r, `ref-${i}`), our = section(r, `our-${i}`);
      expect(countdown(our.out)).toBe(countdown(ref.out));
      expect(our.rc).toBe(ref.rc);
    });
  });
  test("the daemon really answered (maps exist)", () => {
    expect(section(r, "our-0").out).toMatch(/^name\s+sysfs\s+uuid/);
    expect(section(r, "our-0").out.split("\n").filter(Boolean).length).toBe(3);
  });
  test("-k\"cmd\" sends the command as given", () => {
    expect(section(r, "our-k").out).toBe(section(r, "ref-k").out);
  });
  test("interactive -k reads commands from stdin", () => {
    const s = section(r, "our-interactive");
    expect(s.rc).toBe(0);
    expect(s.out).toContain(section(r, "ref-0").out);
    expect(s.out).toMatch(/pid \d+ (idle|running)/);
  });
  test("an over-long command is refused locally", () => {
    expect(section(r, "our-too-large").rc).toBe(1);
    expect(section(r, "our-too-large").err).toBe("multipathd command too large\n");
  });
});
