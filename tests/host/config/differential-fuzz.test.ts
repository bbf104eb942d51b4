// Mutated configurations through Debian's multipath -t and through our
// loader + printer: the dumps must agree modulo the known differences.
// Deterministic seed, bounded time.
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dumpConfig, loadConfig } from "../../../src/config/index.ts";
import { HWTABLE_094 } from "./hwtable094.ts";
import { normalizeOurs, normalizeReference } from "./known-differences.ts";

const haveReference = existsSync("/usr/sbin/multipath") || existsSync("/sbin/multipath");
const CONFIGS = join(import.meta.dir, "configs");
const tmp = mkdtempSync(join(tmpdir(), "mpb-dfuzz-"));
const emptyDir = join(tmp, "empty.d");
mkdirSync(emptyDir);

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = ["{", "}", '"', '""', "#", "!", "\n", " ", "\t", "0", "1", "-1", "no", "yes", "queue", "fail", "off", "x"];

/** line-level and byte-level edits of a valid config */
function mutate(src: string, r: () => number): string {
  const lines = src.split("\n");
  const edits = 1 + Math.floor(r() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(r() * lines.length);
    const op = r();
    if (op < 0.25) lines.splice(at, 1);
    else if (op < 0.45) lines.splice(at, 0, lines[Math.floor(r() * lines.length)] ?? "");
    else if (op < 0.75) {
      const l = lines[at] ?? "";
      const pos = Math.floor(r() * (l.length + 1));
      lines[at] = l.slice(0, pos) + FRAGMENTS[Math.floor(r() * FRAGMENTS.length)]! + l.slice(pos);
    } else {
      const l = lines[at] ?? "";
      const pos = Math.floor(r() * l.length);
      lines[at] = l.slice(0, pos) + l.slice(pos + 1 + Math.floor(r() * 4));
    }
  }
  return lines.join("\n");
}

function reference(file: string): string {
  if (!existsSync("/etc/multipath.conf")) writeFileSync("/etc/multipath.conf", "");
  if (!existsSync("/etc/multipath/conf.d")) mkdirSync("/etc/multipath/conf.d", { recursive: true });
  const script = `mount --bind "$1" /etc/multipath.conf && mount --bind "$2" /etc/multipath/conf.d && exec multipath -t`;
  const r = Bun.spawnSync(["unshare", "-m", "sh", "-c", script, "sh", file, emptyDir], { stderr: "pipe" });
  return `exit ${r.exitCode}\n${r.stdout.toString("latin1")}`;
}

function ours(file: string): string {
  const r = loadConfig({ file, configDir: emptyDir, builtinHwtable: HWTABLE_094, nvmeNativeMultipath: false });
  return `exit ${r.failed ? 1 : 0}\n${r.failed ? "" : dumpConfig(r.config)}`;
}

describe.skipIf(!haveReference)("differential fuzz", () => {
  test("300 mutated configs: same -t output as the reference", () => {
    const corpus = readdirSync(CONFIGS)
      .filter((f) => f.endsWith(".conf"))
      .sort()
      .map((f) => readFileSync(join(CONFIGS, f), "latin1"));
    const r = rng(20261124);
    const deadline = performance.now() + 20_000;
    let n = 0;
    for (; n < 300 && performance.now() < deadline; n++) {
      const text = mutate(corpus[Math.floor(r() * corpus.length)]!, r);
      const file = join(tmp, `case${n}.conf`);
      writeFileSync(file, Buffer.from(text, "latin1"));
      const want = normalizeReference(reference(file));
      const got = normalizeOurs(ours(file));
      if (got !== want) throw new Error(`case ${n} differs; input kept in ${file}`);
    }
    expect(n).toBeGreaterThan(100);
  }, 40_000);
});
