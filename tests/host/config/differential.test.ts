// multipath -t of Debian's 0.9.4 vs our dump on the same /etc/multipath.conf,
// the reference run in a private mount namespace with the file bind-mounted.
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dumpConfig, formatDiagnostic, loadConfig } from "../../../src/config/index.ts";
import { HWTABLE_094 } from "./hwtable094.ts";
import { normalizeOurs, normalizeReference, normalizeReferenceMessage } from "../../differences.ts";

const CONFIGS = join(import.meta.dir, "configs");
const haveReference = existsSync("/usr/sbin/multipath") || existsSync("/sbin/multipath");
const emptyDir = mkdtempSync(join(tmpdir(), "mpb-confd-"));

function referenceRun(confPath: string, confDir = emptyDir): { out: string; err: string } {
  if (!existsSync("/etc/multipath.conf")) writeFileSync("/etc/multipath.conf", "");
  if (!existsSync("/etc/multipath/conf.d")) mkdirSync("/etc/multipath/conf.d", { recursive: true });
  const script = `mount --bind "$1" /etc/multipath.conf && mount --bind "$2" /etc/multipath/conf.d && exec multipath -t`;
  const r = Bun.spawnSync(["unshare", "-m", "sh", "-c", script, "sh", confPath, confDir], { stderr: "pipe" });
  return { out: `exit ${r.exitCode ?? "signal"}\n${r.stdout.toString("latin1")}`, err: r.stderr.toString("latin1") };
}
const referenceDump = (confPath: string, confDir = emptyDir) => referenceRun(confPath, confDir).out;

function ourMessages(confPath: string, confDir: string): string[] {
  const r = loadConfig({ file: confPath, configDir: confDir, builtinHwtable: HWTABLE_094, nvmeNativeMultipath: false });
  return r.diagnostics.map((d) => formatDiagnostic(d).replace(/ \(accepted: .*\)$/, ""));
}

function ourDump(confPath: string, confDir = emptyDir): string {
  const r = loadConfig({ file: confPath, configDir: confDir, builtinHwtable: HWTABLE_094, nvmeNativeMultipath: false });
  return `exit ${r.failed ? 1 : 0}\n${r.failed ? "" : dumpConfig(r.config)}`;
}

describe.skipIf(!haveReference)("multipath -t matches the reference (0.9.4) modulo known differences", () => {
  const files = ["(none)", ...readdirSync(CONFIGS).filter((f) => f.endsWith(".conf")).sort()];
  for (const f of files) {
    test(f, () => {
      const path = f === "(none)" ? join(emptyDir, "absent.conf") : join(CONFIGS, f);
      if (f === "(none)") writeFileSync(path, "");
      // configs/NAME.d, when present, is used as config_dir
      const dir = join(CONFIGS, f.replace(/\.conf$/, ".d"));
      const confDir = existsSync(dir) ? dir : emptyDir;
      const ref = normalizeReference(referenceDump(path, confDir));
      const ours = normalizeOurs(ourDump(path, confDir));
      expect(ours).toBe(ref);
    });
  }
  for (const f of files.filter((x) => x !== "(none)")) {
    test(`${f}: every message of the reference is reported too`, () => {
      const path = join(CONFIGS, f);
      const dir = join(CONFIGS, f.replace(/\.conf$/, ".d"));
      const confDir = existsSync(dir) ? dir : emptyDir;
      const theirs = referenceRun(path, confDir)
        .err.split("\n")
        .filter((l) => l !== "")
        .map(normalizeReferenceMessage)
        .filter((l): l is string => l !== null)
        // the reference sees the config at /etc/multipath.conf
        .map((l) => l.replaceAll("/etc/multipath.conf", path).replaceAll("/etc/multipath/conf.d/", `${confDir}/`));
      const ours = ourMessages(path, confDir);
      for (const m of theirs) expect(ours).toContain(m);
    });
  }
  test("the known-differences list is needed: raw outputs differ on an empty config", () => {
    const path = join(emptyDir, "absent.conf");
    writeFileSync(path, "");
    expect(ourDump(path)).not.toBe(referenceDump(path));
  });
  test("our 0.14 table dump has 1206 lines on an empty config (upstream's count)", () => {
    const path = join(emptyDir, "absent.conf");
    const r = loadConfig({ file: path, configDir: emptyDir, nvmeNativeMultipath: false });
    expect(dumpConfig(r.config).split("\n").length - 1).toBe(1206);
    expect(readFileSync(path, "utf8")).toBe("");
  });
});
