// readsector0, directio and none: reads and the sysfs passthrough.
import { describe, expect, test } from "bun:test";
import { DirectioChecker, directioCheck, directioReadSize } from "../../../src/checkers/directio.ts";
import { readsector0Check } from "../../../src/checkers/readsector0.ts";
import { createChecker } from "../../../src/checkers/registry.ts";
import { decodeSgRead, read10 } from "../../../src/checkers/sgRead.ts";
import type { IoReply } from "../../../src/checkers/io.ts";
import { answer, captureLog, checkCondition, fixedSense, script, sgErr, sgOk } from "./answers.ts";

const stat = (size: number, errno = 0): IoReply => ({ op: "statBlockSize", size, errno });
const bsz = (size: number, errno = 0): IoReply => ({ op: "blockSize", size, errno });
const read = (res: number, extra: Partial<{ notSubmitted: boolean; timedOut: boolean; ticket: number }> = {}): IoReply =>
  ({ op: "directRead", res, notSubmitted: false, timedOut: false, elapsedUs: 10, ...extra });

describe("readsector0 (libsg sg_read)", () => {
  test("READ(10) of LBA 0, as many blocks of st_blksize as fit in 4 KiB", () => {
    expect(Array.from(read10(0, 1, 4096, 30000).cdb)).toEqual([0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    const { value, requests } = script(readsector0Check(30), [stat(512), sgOk(answer())]);
    expect(value.state).toBe("up");
    const cmd = (requests[1] as { cmd: { cdb: Uint8Array; dataLength: number; timeoutMs: number } }).cmd;
    expect(Array.from(cmd.cdb)).toEqual([0x28, 0, 0, 0, 0, 0, 0, 0, 8, 0]);
    expect(cmd.dataLength).toBe(4096);
    expect(cmd.timeoutMs).toBe(30000);
  });
  test("st_blksize above 4096 is capped", () => {
    const { requests } = script(readsector0Check(30), [stat(65536), sgOk(answer())]);
    expect((requests[1] as { cmd: { cdb: Uint8Array } }).cmd.cdb[8]).toBe(1);
  });
  test("unit attentions are retried, three tries in all", () => {
    const ua = sgOk(checkCondition(fixedSense(6, 0x29, 0)));
    expect(script(readsector0Check(30), [stat(4096), ua, ua, ua]).requests).toHaveLength(4);
    expect(script(readsector0Check(30), [stat(4096), ua, sgOk(answer())]).value.state).toBe("up");
  });
  test("a medium error is down; ENOMEM from the ioctl is up (upstream's reading)", () => {
    expect(script(readsector0Check(30), [stat(4096), sgOk(checkCondition(fixedSense(3, 0x11, 0)))]).value)
      .toEqual({ state: "down", message: " reports path is down" });
    expect(script(readsector0Check(30), [stat(4096), sgErr(12)]).value.state).toBe("up");
    expect(script(readsector0Check(30), [stat(4096), sgErr(5)]).value.state).toBe("down");
  });
  test("any nonzero status counts, not only the masked bits", () => {
    expect(decodeSgRead(answer({ status: 0x01 }), true)).toBe("down");
  });
});

describe("directio", () => {
  test("block size from BLKBSZGET, 4096 on failure, capped at 4096", () => {
    expect(directioReadSize({ size: 512, errno: 0 })).toBe(512);
    expect(directioReadSize({ size: 0, errno: 25 })).toBe(4096);
    expect(directioReadSize({ size: 65536, errno: 0 })).toBe(4096);
  });
  test("a full read of the first block at offset 0 is up, with the checker timeout", () => {
    const { value, requests } = script(directioCheck(9), [bsz(4096), read(4096)]);
    expect(value).toEqual({ state: "up", message: " reports path is up" });
    expect(requests[1]).toEqual({ op: "directRead", size: 4096, offset: 0, timeoutMs: 9000, keep: true });
  });
  test("a read that timed out is waited for again by the next check, not queued anew", () => {
    const c = new DirectioChecker();
    const log = captureLog(0);
    try {
      expect(script(c.check(1), [bsz(4096), read(0, { timedOut: true, ticket: 7 })]).value.state).toBe("down");
      const again = script(c.check(1), [{ op: "directReadWait", res: 0, notSubmitted: false, timedOut: true, elapsedUs: 2e6, ticket: 7 }]);
      expect(again.requests).toEqual([{ op: "directReadWait", ticket: 7, timeoutMs: 1000 }]);
      expect(again.value.state).toBe("down");
      expect(script(c.check(1), [{ op: "directReadWait", res: 4096, notSubmitted: false, timedOut: false, elapsedUs: 3e6 }]).value.state).toBe("up");
      expect(script(c.check(1), [read(4096)]).requests[0]).toMatchObject({ op: "directRead" });
    } finally {
      log.stop();
    }
  });
  test("a short or failed read is down; a timeout is down with upstream's log line", () => {
    expect(script(directioCheck(30), [bsz(4096), read(512)]).value.state).toBe("down");
    expect(script(directioCheck(30), [bsz(4096), read(-5)]).value.state).toBe("down");
    const log = captureLog(3);
    try {
      expect(script(directioCheck(30), [bsz(4096), read(0, { timedOut: true })]).value.state).toBe("down");
      expect(log.lines).toContain("3 directio: abort check on timeout");
    } finally {
      log.stop();
    }
  });
  test("a read that cannot be submitted leaves the path unchecked", () => {
    expect(script(directioCheck(30), [bsz(4096), read(-11, { notSubmitted: true })]).value)
      .toEqual({ state: "unchecked", message: " is not available" });
  });
  test("a zero block size cannot start a check", () => {
    expect(script(directioCheck(30), [bsz(0)]).value.state).toBe("unchecked");
  });
  test("the level-4 trace prints res as unsigned, like %lu", () => {
    const log = captureLog(4);
    try {
      script(directioCheck(30), [bsz(4096), read(-5)]);
      expect(log.lines).toContain("4 directio: io finished 18446744073709551611/0");
    } finally {
      log.stop();
    }
  });
});

describe("registry and none", () => {
  test("none reports the sysfs state without I/O", () => {
    const c = createChecker("none")!;
    expect(script(c.check({ timeoutS: 30, sysfsState: "up" }), []).value).toEqual({ state: "up", message: "" });
    expect(script(c.check({ timeoutS: 30, sysfsState: "pending" }), []).value.state).toBe("pending");
  });
  test("upstream compares four characters against none", () => {
    expect(createChecker("nonesuch")?.name).toBe("nonesuch");
  });
  test("every upstream checker name is known; others select nothing", () => {
    for (const n of ["tur", "directio", "readsector0", "hp_sw", "rdac", "emc_clariion", "cciss_tur", "none"]) expect(createChecker(n)?.name).toBe(n);
    expect(createChecker("nosuch")).toBeUndefined();
    expect(createChecker("TUR")).toBeUndefined();
  });
});
