// The poll worker: readiness reaches the main thread, fds are re-armed after
// each callback, unwatch and close work; and the same in a compiled binary.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ptr } from "bun:ffi";
import { POLLIN, closeFd, libc, pipe } from "../../../ffi/libc.ts";
import { FdWatcher } from "../../../src/io/fdwatch.ts";

const REPO = resolve(import.meta.dir, "../../..");
const write = (fd: number, s: string) => libc.write(fd, Buffer.from(s), BigInt(s.length));
const read = (fd: number) => {
  const b = new Uint8Array(64);
  const n = Number(libc.read(fd, ptr(b), 64n));
  return n > 0 ? Buffer.from(b.subarray(0, n)).toString() : "";
};
const until = async (cond: () => boolean, ms = 3000) => {
  const t0 = Date.now();
  while (!cond() && Date.now() - t0 < ms) await Bun.sleep(5);
  return cond();
};

describe("FdWatcher (from the sources)", () => {
  test("readiness, re-arm after each callback, unwatch, close", async () => {
    const w = await FdWatcher.start();
    const [r, wr] = pipe();
    const got: string[] = [];
    try {
      w.watch(r, POLLIN, (revents) => {
        expect(revents & POLLIN).toBe(POLLIN);
        got.push(read(r));
      });
      write(wr, "one");
      expect(await until(() => got.length === 1)).toBe(true);
      write(wr, "two");
      expect(await until(() => got.length === 2)).toBe(true);
      expect(got).toEqual(["one", "two"]);
      w.unwatch(r);
      write(wr, "three");
      await Bun.sleep(100);
      expect(got).toHaveLength(2);
    } finally {
      await w.close();
      closeFd(r);
      closeFd(wr);
    }
  });
  test("many fds at once", async () => {
    const w = await FdWatcher.start();
    const pipes = Array.from({ length: 20 }, () => pipe());
    const seen = new Set<number>();
    try {
      for (const [r] of pipes) w.watch(r, POLLIN, () => (read(r), seen.add(r)));
      for (const [, wr] of pipes) write(wr, "x");
      expect(await until(() => seen.size === 20)).toBe(true);
    } finally {
      await w.close();
      for (const [r, wr] of pipes) (closeFd(r), closeFd(wr));
    }
  });
});

test("the worker is found inside a compiled binary (second entrypoint)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "fdw-"));
  try {
    const main = join(REPO, "tests/host/io/.fdwatch-main.ts");
    writeFileSync(main, `import { POLLIN, libc, pipe } from "../../../ffi/libc.ts";
import { FdWatcher } from "../../../src/io/fdwatch.ts";
const w = await FdWatcher.start();
const [r, wr] = pipe();
w.watch(r, POLLIN, () => { console.log("ready"); process.exit(0); });
libc.write(wr, Buffer.from("x"), 1n);
setTimeout(() => { console.log("timeout"); process.exit(1); }, 5000);
`);
    const out = join(dir, "fdw");
    const b = await Bun.build({
      entrypoints: [main, join(REPO, "src/io/pollworker.ts")],
      root: REPO,
      compile: { outfile: out, autoloadDotenv: false, autoloadBunfig: false },
      minify: true, splitting: true, bytecode: true, format: "esm",
    });
    rmSync(main);
    expect(b.success).toBe(true);
    const p = Bun.spawnSync([out]);
    expect(p.stdout.toString().trim()).toBe("ready");
    expect(p.exitCode).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
