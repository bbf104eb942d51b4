// tur: TEST UNIT READY answers as upstream's tur.c maps them.
import { describe, expect, test } from "bun:test";
import { decodeTur, turCheck } from "../../../src/checkers/tur.ts";
import { answer, checkCondition, descSense, fixedSense, script, sgErr, sgOk } from "./answers.ts";

describe("decodeTur", () => {
  test("GOOD is up", () => expect(decodeTur(answer(), true)).toEqual({ state: "up", message: " reports path is up" }));
  test("RESERVATION CONFLICT is up", () => expect(decodeTur(answer({ status: 0x18 }), false)).toMatchObject({ state: "up" }));
  test("standby (02/04/0b) is ghost, fixed or descriptor sense", () => {
    expect(decodeTur(checkCondition(fixedSense(2, 4, 0x0b)), true)).toEqual({ state: "ghost", message: " reports path is ghost" });
    expect(decodeTur(checkCondition(descSense(2, 4, 0x0b)), true)).toEqual({ state: "ghost", message: " reports path is ghost" });
  });
  test("ALUA transition (02/04/0a) is pending", () =>
    expect(decodeTur(checkCondition(fixedSense(2, 4, 0x0a)), true)).toEqual({ state: "pending", message: " reports path is transitioning" }));
  test("LUN NOT SUPPORTED (05/25/00) is disconnected", () =>
    expect(decodeTur(checkCondition(fixedSense(5, 0x25, 0)), true)).toEqual({ state: "disconnected", message: " no access to this device" }));
  test("other not-ready and illegal-request answers are down", () => {
    expect(decodeTur(checkCondition(fixedSense(2, 4, 0x02)), true)).toEqual({ state: "down", message: " reports path is down" });
    expect(decodeTur(checkCondition(fixedSense(5, 0x24, 0)), true)).toMatchObject({ state: "down" });
    expect(decodeTur(checkCondition(fixedSense(3, 0x11, 0)), true)).toMatchObject({ state: "down" });
  });
  test("unit attention is retried while tries remain, then down", () => {
    expect(decodeTur(checkCondition(fixedSense(6, 0x29, 0)), true)).toBe("retry");
    expect(decodeTur(checkCondition(fixedSense(6, 0x29, 0)), false)).toMatchObject({ state: "down" });
  });
  test("a transport error is retried; on the last try the sense decides", () => {
    expect(decodeTur(answer({ host: 0x07 }), true)).toBe("retry");
    expect(decodeTur(answer({ host: 0x07 }), false)).toMatchObject({ state: "down" });
    expect(decodeTur(answer({ host: 0x07, status: 2, sense: fixedSense(2, 4, 0x0b) }), false)).toMatchObject({ state: "ghost" });
  });
  test("final host errors are not retried", () => {
    for (const host of [0x01, 0x04, 0x05, 0x0f]) expect(decodeTur(answer({ host }), true)).toMatchObject({ state: "down" });
  });
  test("sense too short for the strict reading counts as key 0", () => {
    // fixed format needs more than 13 bytes before asc/ascq are trusted
    expect(decodeTur(answer({ status: 2, sense: [0x70, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0] }), true)).toMatchObject({ state: "down" });
  });
});

describe("turCheck", () => {
  test("sends a 6-byte TUR with the checker timeout", () => {
    const { value, requests } = script(turCheck(7), [sgOk(answer())]);
    expect(value.state).toBe("up");
    expect(requests[0]).toMatchObject({ op: "sg", cmd: { cdb: new Uint8Array(6), direction: "none", timeoutMs: 7000 } });
  });
  test("five tries in all on repeated unit attentions", () => {
    const ua = sgOk(checkCondition(fixedSense(6, 0x29, 0)));
    const { value, requests } = script(turCheck(30), [ua, ua, ua, ua, ua]);
    expect(value.state).toBe("down");
    expect(requests).toHaveLength(5);
  });
  test("a unit attention then GOOD is up", () => {
    const { value, requests } = script(turCheck(30), [sgOk(checkCondition(fixedSense(6, 0x29, 0))), sgOk(answer())]);
    expect(value.state).toBe("up");
    expect(requests).toHaveLength(2);
  });
  test("ENOTTY from the ioctl: the checker does not support the device (wild); other errors are down", () => {
    expect(script(turCheck(30), [sgErr(25)]).value).toEqual({ state: "wild", message: " doesn't support this device" });
    expect(script(turCheck(30), [sgErr(5)]).value.state).toBe("down");
  });
});
