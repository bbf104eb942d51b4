// `multipath -t` through the real entry point, with /etc/multipath.conf
// bind-mounted in a private mount namespace.
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dumpConfig, loadConfig } from "../../../src/config/index.ts";

const REPO = join(import.meta.dir, "../../..");
const BUN = join(REPO, "node_modules/.bin/bun");
const tmp = mkdtempSync(join(tmpdir(), "mpb-cli-"));
const emptyDir = join(tmp, "empty.d");
mkdirSync(emptyDir);

function runWith(conf: string, args: string[]) {
  if (!existsSync("/etc/multipath.conf")) writeFileSync("/etc/multipath.conf", "");
  if (!existsSync("/etc/multipath/conf.d")) mkdirSync("/etc/multipath/conf.d", { recursive: true });
  const file = join(tmp, `c${Math.random().toString(36).slice(2)}.conf`);
  writeFileSync(file, conf);
  const script = `mount --bind "$1" /etc/multipath.conf && mount --bind "$2" /etc/multipath/conf.d && shift 2 && exec "$@"`;
  const r = Bun.spawnSync(["unshare", "-m", "sh", "-c", script, "sh", file, emptyDir, BUN, join(REPO, "src/main.ts"), "multipath", ...args], {
    stderr: "pipe",
  });
  return { code: r.exitCode, out: r.stdout.toString(), err: r.stderr.toString(), file };
}

describe("multipath -t", () => {
  test("prints the effective configuration of /etc/multipath.conf", () => {
    const r = runWith("defaults {\n user_friendly_names yes\n}\n", ["-t"]);
    expect(r.code).toBe(0);
    const expected = dumpConfig(loadConfig({ file: r.file, configDir: emptyDir }).config);
    expect(r.out).toBe(expected);
    expect(r.out).toContain('\tuser_friendly_names "yes"\n');
  });
  test("warnings go to stderr with file and line; output still printed", () => {
    const r = runWith("defaults {\n no_path_retry sometimes\n}\n", ["-t"]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('/etc/multipath.conf line 2, invalid value for no_path_retry: "sometimes"');
    expect(r.out.startsWith("defaults {\n")).toBe(true);
  });
  test("a configuration upstream refuses exits 1 and prints nothing", () => {
    const r = runWith("defaults {\n reservation_key nothex\n}\n", ["-t"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain("error parsing config file");
  });
  test("-t and -h act in option order, as upstream's option loop does", () => {
    expect(runWith("", ["-t", "-h"]).out.startsWith("defaults {\n")).toBe(true);
    const h = runWith("", ["-h", "-t"]);
    expect(h.out).toBe("");
    expect(h.err).toContain("Usage:");
  });
  test("-T is honest about needing discovery", () => {
    const r = runWith("", ["-T"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("not implemented yet");
  });
});

test("the udev fast path does not import the config engine", () => {
  for (const f of ["src/main.ts", "src/cli/io.ts", "src/cli/getopt.ts", "src/tools/registry.ts"]) {
    expect(readFileSync(join(REPO, f), "utf8")).not.toMatch(/config\/|zod/);
  }
  const main = readFileSync(join(REPO, "src/tools/multipath/main.ts"), "utf8");
  expect(main).not.toMatch(/^import .*config/m);
  expect(main).toContain('await import("../../config/index.ts")');
});
