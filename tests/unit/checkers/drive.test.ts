// The program driver: answers go in, a failing answer is thrown into the
// program (which may handle it), messages can be kept and written later.
import { describe, expect, test } from "bun:test";
import { type Io, type IoReply, blockSize, drive } from "../../../src/checkers/io.ts";
import { LOG, condlog, replayLogs, setLogSink, withLogBuffer } from "../../../src/log.ts";

function* sizes(n: number): Io<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((yield* blockSize()).size);
  return out;
}

function* guardedSize(): Io<number> {
  try {
    return (yield* blockSize()).size;
  } catch (e) {
    return -(e as { errno: number }).errno;
  }
}

describe("drive", () => {
  test("each request gets its answer, in order", () => {
    let k = 0;
    expect(drive(sizes(3), (): IoReply => ({ op: "blockSize", size: 512 * ++k, errno: 0 }))).toEqual([512, 1024, 1536]);
  });
  test("an answer that throws reaches the program, which may handle it", () => {
    expect(drive(guardedSize(), () => {
      throw Object.assign(new Error("open"), { errno: 6 });
    })).toBe(-6);
  });
  test("a program that does not handle it fails the drive", () => {
    expect(() => drive(sizes(1), () => {
      throw new Error("no such device");
    })).toThrow("no such device");
  });
});

describe("kept messages", () => {
  test("withLogBuffer keeps what verbosity lets through; replayLogs writes it in order", () => {
    const kept: { level: number; msg: string }[] = [];
    const r = withLogBuffer(kept, () => {
      condlog(LOG.ERR, "first");
      condlog(LOG.DEBUG, "too verbose");
      condlog(LOG.WARN, "second");
      return 7;
    });
    expect(r).toBe(7);
    expect(kept).toEqual([{ level: 0, msg: "first" }, { level: 1, msg: "second" }]);
    const out: string[] = [];
    setLogSink((l, m) => out.push(`${l}:${m}`));
    try {
      replayLogs(kept);
    } finally {
      setLogSink(undefined);
    }
    expect(out).toEqual(["0:first", "1:second"]);
  });
  test("the previous sink is back after the buffered call, even when it throws", () => {
    const out: string[] = [];
    setLogSink((_l, m) => out.push(m));
    try {
      expect(() => withLogBuffer([], () => {
        throw new Error("x");
      })).toThrow("x");
      condlog(LOG.ERR, "after");
    } finally {
      setLogSink(undefined);
    }
    expect(out).toEqual(["after"]);
  });
});
