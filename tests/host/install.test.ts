// `mpathbox --install` and dispatch on this host, through the built binary.
import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const BIN = resolve(import.meta.dir, "../../dist/mpathbox");
const TOOLS = ["multipath", "multipathd", "mpathconf", "kpartx", "mpathpersist"];
const run = (cmd: string[]) => {
  const p = Bun.spawnSync(cmd);
  return { rc: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() };
};

beforeAll(() => {
  if (!existsSync(BIN)) {
    const b = Bun.spawnSync([process.execPath, "build.ts"], { cwd: resolve(import.meta.dir, "../..") });
    if (b.exitCode !== 0) throw new Error(`build failed: ${b.stderr.toString()}`);
  }
});

describe("mpathbox --install", () => {
  test("creates one symlink per tool, each dispatching to its tool", () => {
    const dir = mkdtempSync(join(tmpdir(), "mpb-"));
    try {
      const r = run([BIN, "--install", dir]);
      expect(r.rc).toBe(0);
      for (const t of TOOLS) {
        expect(readlinkSync(join(dir, t))).toBe(BIN);
        const viaLink = run([join(dir, t), "-h"]);
        const viaArg = run([BIN, t, "-h"]);
        // kpartx answers -h with its usage and status 1, as upstream
        expect(viaLink.rc).toBe(t === "kpartx" ? 1 : 0);
        // mpathconf's usage names the path it was run by, as the script's $0,
        // and kpartx's getopt message the program as invoked, as glibc's
        const named = (o: string) => (t === "mpathconf" ? o.replace(/^usage: \S+/, "usage: mpathconf") : o)
          .replace(`${join(dir, t)}: invalid option`, `${t}: invalid option`);
        expect(named(viaLink.out + viaLink.err)).toBe(viaArg.out + viaArg.err);
        expect(viaLink.out + viaLink.err).toContain(t);
      }
      expect(run([BIN, "--install", dir]).out).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test("refuses to replace a regular file unless --force", () => {
    const dir = mkdtempSync(join(tmpdir(), "mpb-"));
    try {
      writeFileSync(join(dir, "kpartx"), "not a link");
      const r = run([BIN, "--install", dir]);
      expect(r.rc).toBe(1);
      expect(r.err).toContain("kpartx exists and is not a symlink");
      expect(() => readlinkSync(join(dir, "kpartx"))).toThrow();
      expect(readlinkSync(join(dir, "multipath"))).toBe(BIN);
      expect(run([BIN, "--install", dir, "--force"]).rc).toBe(0);
      expect(readlinkSync(join(dir, "kpartx"))).toBe(BIN);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test("unknown tools and missing features fail loudly", () => {
    const u = run([BIN, "nosuchtool"]);
    expect(u.rc).toBe(1);
    expect(u.err).toContain("unknown tool 'nosuchtool'");
    const n = run([BIN, "mpathpersist", "-i", "-k", "/dev/null"]);
    expect(n.rc).not.toBe(0);
    expect(n.err).toContain("not implemented yet");
  });
});
