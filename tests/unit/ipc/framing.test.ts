import { describe, expect, test } from "bun:test";
import { FrameDecoder, FrameError, MAX_CMD_LEN, encodeMessage } from "../../../src/ipc/framing.ts";

describe("libmpathcmd framing", () => {
  test("length is native 8-byte little-endian and counts the NUL", () => {
    const m = encodeMessage("show paths");
    expect(Array.from(m.subarray(0, 8))).toEqual([11, 0, 0, 0, 0, 0, 0, 0]);
    expect(Buffer.from(m.subarray(8)).toString("latin1")).toBe("show paths\0");
  });
  test("decoder reassembles split and coalesced frames", () => {
    const d = new FrameDecoder(MAX_CMD_LEN);
    const a = encodeMessage("ok\n"), b = encodeMessage("fail\ntimeout\n");
    const all = new Uint8Array([...a, ...b]);
    expect(d.push(all.subarray(0, 5))).toEqual([]);
    expect(d.push(all.subarray(5, a.length + 3))).toEqual(["ok\n"]);
    expect(d.push(all.subarray(a.length + 3))).toEqual(["fail\ntimeout\n"]);
    expect(d.pending).toBe(0);
  });
  test("zero and oversized lengths are protocol errors", () => {
    const zero = new Uint8Array(8);
    expect(() => new FrameDecoder(MAX_CMD_LEN).push(zero)).toThrow(FrameError);
    expect(() => new FrameDecoder(MAX_CMD_LEN).push(encodeMessage("x".repeat(600)))).toThrow(FrameError);
  });
});
