// Scenario (a): the one binary becomes each tool by the name it is run as.
import { beforeAll, describe, expect, test } from "bun:test";
import { type VmResult, runVm, section } from "./harness.ts";

const TOOLS = ["multipath", "multipathd", "mpathconf", "kpartx", "mpathpersist"];
let r: VmResult;

beforeAll(async () => {
  const script = [
    "run list mpathbox --list",
    ...TOOLS.map((t) => `run link-${t} readlink /usr/local/sbin/${t}`),
    ...TOOLS.map((t) => `run help-${t} ${t} -h`),
    ...TOOLS.map((t) => `run sub-${t} mpathbox ${t} -h`),
    "run unknown mpathbox frobnicate",
    "mkdir -p /tmp/bin && run install mpathbox --install /tmp/bin && run install-again mpathbox --install /tmp/bin",
    "run installed ls /tmp/bin",
    "run renamed sh -c 'cp /usr/local/sbin/mpathbox /tmp/kpartx && /tmp/kpartx -h'",
  ].join("\n");
  r = await runVm(script);
}, 300_000);

describe("argv[0] dispatch in the VM", () => {
  test("--list names the five tools", () => {
    expect(section(r, "list").out.trim().split("\n")).toEqual(TOOLS);
  });
  for (const tool of TOOLS) {
    test(`${tool}: the symlink runs the ${tool} tool`, () => {
      expect(section(r, `link-${tool}`).out.trim()).toBe("mpathbox");
      const viaLink = section(r, `help-${tool}`);
      const viaArg = section(r, `sub-${tool}`);
      // kpartx answers -h with its usage and status 1, as upstream
      expect(viaLink.rc).toBe(tool === "kpartx" ? 1 : 0);
      expect(viaLink.out + viaLink.err).toContain(tool);
      // mpathconf's usage names the path the shell ran it by, as the script's $0
      const named = (o: string) => (tool === "mpathconf" ? o.replace(/^usage: \/usr\/local\/sbin\/mpathconf /, "usage: mpathconf ") : o);
      expect(named(viaLink.out + viaLink.err)).toBe(viaArg.out + viaArg.err);
    });
  }
  test("a copy named kpartx is kpartx too", () => {
    const s = section(r, "renamed");
    expect(s.rc).toBe(1);
    expect(s.out).toBe(section(r, "help-kpartx").out);
    expect(s.out).toContain("kpartx [-a|-d|-u|-l]");
  });
  test("an unknown tool is an error that lists the tools", () => {
    const s = section(r, "unknown");
    expect(s.rc).toBe(1);
    for (const t of TOOLS) expect(s.err).toContain(t);
  });
  test("--install creates the links once and is idempotent", () => {
    expect(section(r, "install").rc).toBe(0);
    expect(section(r, "install").out.split("\n").filter(Boolean)).toHaveLength(5);
    expect(section(r, "install-again").rc).toBe(0);
    expect(section(r, "install-again").out).toBe("");
    expect(section(r, "installed").out.trim().split("\n").sort()).toEqual([...TOOLS].sort());
  });
});
