// detect_checker / detect_prio's RDAC test (check_rdac): VPD page 0 lists
// 0xC9, and page 0xC9 starts with "vac1".
import { describe, expect, test } from "bun:test";
import { fetchVpdPage, rdacProgram } from "../../../src/multipath/pathProbe.ts";
import { answer, checkCondition, fixedSense, script, sgOk } from "./answers.ts";

const pageList = (...pages: number[]) => sgOk(answer({ data: [0, 0x00, 0, pages.length, ...pages] }));
const c9 = (sig: string) => sgOk(answer({ data: [0, 0xc9, 0, 0x2c, ...new TextEncoder().encode(sig), ...new Array(40).fill(0)] }));

describe("check_rdac", () => {
  test("a device entry naming another checker: no I/O, not RDAC", () => {
    expect(script(rdacProgram("tur"), []).value).toBe(false);
  });
  test("no entry: VPD page 0 must list 0xC9 before 0xC9 is read", () => {
    expect(script(rdacProgram(undefined), [pageList(0x00, 0x80, 0x83)]).value).toBe(false);
    const r = script(rdacProgram(undefined), [pageList(0x00, 0x80, 0x83, 0xc9), c9("vac1")]);
    expect(r.value).toBe(true);
    expect(Array.from((r.requests[0] as { cmd: { cdb: Uint8Array } }).cmd.cdb)).toEqual([0x12, 1, 0, 0, 254, 0]);
  });
  test("an rdac entry reads 0xC9 directly; the signature decides", () => {
    expect(script(rdacProgram("rdac"), [c9("vac1")]).value).toBe(true);
    expect(script(rdacProgram("rdac"), [c9("vac2")]).value).toBe(false);
    expect(script(rdacProgram("rdac"), [sgOk(checkCondition(fixedSense(5, 0x24, 0)))]).value).toBe(false);
  });
  test("a page longer than the first INQUIRY is read again at its length", () => {
    const long = new Uint8Array(304);
    long[2] = 300 >> 8;
    long[3] = 300 & 0xff;
    const r = script(fetchVpdPage(0x00), [sgOk(answer({ data: long.subarray(0, 254) })), sgOk(answer({ data: long }))]);
    expect(r.value?.length).toBe(304);
    expect((r.requests[1] as { cmd: { dataLength: number } }).cmd.dataLength).toBe(304);
  });
  test("a page answering with another page code is refused", () => {
    expect(script(fetchVpdPage(0xc9), [sgOk(answer({ data: [0, 0x80, 0, 4, 1, 2, 3, 4] }))]).value).toBeNull();
  });
});
