// The synchronous checker runner on real devices of this host: O_DIRECT
// reads through Linux AIO on a loop device and a file, BLKBSZGET, and SG_IO
// refused by a non-SCSI device.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { O_DIRECT, O_RDONLY, closeFd, openFd } from "../../../ffi/libc.ts";
import { directioCheck } from "../../../src/checkers/directio.ts";
import { turCheck } from "../../../src/checkers/tur.ts";
import { abandonDirectRead, awaitDirectRead, submitDirectRead } from "../../../src/io/directRead.ts";
import { attachLoop, detachLoop } from "../../../src/io/loop.ts";
import { PathIo } from "../../../src/io/pathIo.ts";
import { pathLatency } from "../../../src/prio/pathLatency.ts";

const dir = mkdtempSync(join(tmpdir(), "pathio-"));
const img = join(dir, "disk.img");
writeFileSync(img, Buffer.alloc(1 << 20, 0x5a));
const loop = attachLoop(img);
afterAll(() => {
  detachLoop(loop);
  rmSync(dir, { recursive: true, force: true });
});

describe("direct reads with a timeout (Linux AIO)", () => {
  test("a whole block comes back with its bytes counted and timed", () => {
    const fd = openFd(img, O_RDONLY | O_DIRECT);
    try {
      const t = submitDirectRead(fd, 4096, 0);
      expect(t).toBeGreaterThan(0);
      const r = awaitDirectRead(t, 1000);
      expect(r).toMatchObject({ res: 4096, timedOut: false });
      expect(r.elapsedUs).toBeGreaterThanOrEqual(0);
      // a spent ticket is gone
      expect(awaitDirectRead(t, 0).res).toBe(-2);
      // past the end: nothing to read
      expect(awaitDirectRead(submitDirectRead(fd, 4096, 1 << 20), 1000).res).toBe(0);
      // an abandoned read is freed when it completes; others are unaffected
      const a = submitDirectRead(fd, 4096, 4096);
      abandonDirectRead(a);
      expect(awaitDirectRead(submitDirectRead(fd, 4096, 8192), 1000).res).toBe(4096);
    } finally {
      closeFd(fd);
    }
  });
  test("a misaligned size is refused by the kernel (-EINVAL), not hidden", () => {
    const fd = openFd(img, O_RDONLY | O_DIRECT);
    try {
      const t = submitDirectRead(fd, 100, 0);
      expect(awaitDirectRead(t, 1000)).toMatchObject({ res: -22, timedOut: false });
    } finally {
      closeFd(fd);
    }
  });
});

describe("PathIo on a loop device", () => {
  test("directio: BLKBSZGET and an O_DIRECT read of the first block: up", () => {
    const io = new PathIo(loop);
    try {
      expect(io.run(directioCheck(5))).toEqual({ state: "up", message: " reports path is up" });
    } finally {
      io.close();
    }
  });
  test("tur: the loop driver refuses SG_IO with an errno other than ENOTTY: down", () => {
    const io = new PathIo(loop);
    try {
      expect(io.run(turCheck(5))).toEqual({ state: "down", message: " reports path is down" });
    } finally {
      io.close();
    }
  });
  test("path_latency measures 20 reads and gives a priority within its bounds", () => {
    const io = new PathIo(loop);
    try {
      const p = io.run(pathLatency.getPrio({
        path: { dev: "loop", serial: "", tgtNodeName: "" }, args: "io_num=20 base_num=10", timeoutMs: 5000,
        deviceAttr: () => undefined, byPathLinks: () => null,
      }));
      // log10(1e8 us) = 8: a 1 us read would give 8, a 100 s one 0
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(8);
    } finally {
      io.close();
    }
  });
  test("a node that does not exist throws (pathinfo's blank path)", () => {
    const io = new PathIo(join(dir, "nosuch"));
    expect(() => io.run(directioCheck(5))).toThrow();
  });
});
