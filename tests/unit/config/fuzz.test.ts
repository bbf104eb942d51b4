// Mutated and random configuration files: loading never throws, never
// hangs, and every diagnostic is a well-formed value. Deterministic seed,
// bounded time.
import { expect, test } from "bun:test";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ConfigSchema, dumpConfig, parseConfigText } from "../../../src/config/index.ts";

/** mulberry32: small deterministic PRNG */
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

const SEEDS_DIR = join(import.meta.dir, "../../host/config/configs");
const corpus = readdirSync(SEEDS_DIR)
  .filter((f) => f.endsWith(".conf"))
  .map((f) => readFileSync(join(SEEDS_DIR, f), "utf8"));
const FRAGMENTS = [
  "{", "}", '"', '""', "#", "!", "\n", " ", "\t", "\\", "defaults", "devices", "device", "multipaths", "multipath",
  "overrides", "protocol", "blacklist", "blacklist_exceptions", "vendor", "product", "wwid", "no_path_retry", "features",
  '"1 queue_if_no_path"', "reservation_key", "0x", "[", "(", "*", "\u00e9", "\0", "\r", "9999999999999", "-1", "infinity",
];

function mutate(src: string, r: () => number): string {
  let s = src;
  const edits = 1 + Math.floor(r() * 8);
  for (let i = 0; i < edits; i++) {
    const pos = Math.floor(r() * (s.length + 1));
    const op = r();
    if (op < 0.35) s = s.slice(0, pos) + FRAGMENTS[Math.floor(r() * FRAGMENTS.length)]! + s.slice(pos);
    else if (op < 0.6) s = s.slice(0, pos) + s.slice(pos + 1 + Math.floor(r() * 20));
    else if (op < 0.8) s = s.slice(0, pos) + String.fromCharCode(Math.floor(r() * 256)) + s.slice(pos + 1);
    else {
      const a = Math.floor(r() * s.length);
      s = s.slice(0, pos) + s.slice(a, a + Math.floor(r() * 60)) + s.slice(pos);
    }
  }
  return s;
}

function randomText(r: () => number): string {
  const n = Math.floor(r() * 120);
  let s = "";
  for (let i = 0; i < n; i++) s += r() < 0.5 ? FRAGMENTS[Math.floor(r() * FRAGMENTS.length)]! + " " : String.fromCharCode(Math.floor(r() * 256));
  return s;
}

test("fuzz: 3000 mutated and random configs load cleanly", () => {
  const r = rng(0x5eed);
  const deadline = performance.now() + 15_000;
  let cases = 0;
  for (; cases < 3000 && performance.now() < deadline; cases++) {
    const text = r() < 0.8 ? mutate(corpus[Math.floor(r() * corpus.length)]!, r) : randomText(r);
    let result: ReturnType<typeof parseConfigText> | undefined;
    try {
      result = parseConfigText(text, "fuzz.conf", { nvmeNativeMultipath: false });
      dumpConfig(result.config);
    } catch (e) {
      throw new Error(`case ${cases} threw ${String(e)} on input ${JSON.stringify(text)}`);
    }
    for (const d of result.diagnostics) {
      expect(d.severity === "error" || d.severity === "warning").toBe(true);
      expect(typeof d.message).toBe("string");
      expect(Number.isInteger(d.line)).toBe(true);
    }
    if (cases % 50 === 0) ConfigSchema.parse(result.config);
  }
  // the bound is a safety net; on this machine all cases run well within it
  expect(cases).toBeGreaterThan(500);
}, 30_000);
