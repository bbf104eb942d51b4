// hp_sw, rdac, emc_clariion and cciss_tur on constructed vendor pages.
import { describe, expect, test } from "bun:test";
import { CCISS_GETLUNINFO, CCISS_PASSTHRU, ccissTurCheck, passthruFailed, passthruTur } from "../../../src/checkers/ccissTur.ts";
import { EMC_MSG, EmcClariionChecker, decodeUnitReport } from "../../../src/checkers/emcClariion.ts";
import { hpSwCheck } from "../../../src/checkers/hpSw.ts";
import { C9_LENGTH, RDAC_MSG, RdacChecker, decodeVolumeAccess, setTasBit } from "../../../src/checkers/rdac.ts";
import type { IoReply, IoRequest } from "../../../src/checkers/io.ts";
import { answer, captureLog, checkCondition, fixedSense, script, sgErr, sgOk } from "./answers.ts";

const cmdOf = (r: IoRequest) => (r as { cmd: { cdb: Uint8Array; dataLength?: number; data?: Uint8Array; direction: string } }).cmd;

describe("hp_sw", () => {
  test("INQUIRY page 0x80 (255 bytes), then TUR: GOOD is up", () => {
    const { value, requests } = script(hpSwCheck(30), [sgOk(answer()), sgOk(answer())]);
    expect(value.state).toBe("up");
    expect(Array.from(cmdOf(requests[0]!).cdb)).toEqual([0x12, 1, 0x80, 0, 0xff, 0]);
    expect(Array.from(cmdOf(requests[1]!).cdb)).toEqual([0, 0, 0, 0, 0, 0]);
  });
  test("a failing TUR after a good INQUIRY is a standby path (ghost)", () => {
    expect(script(hpSwCheck(30), [sgOk(answer()), sgOk(checkCondition(fixedSense(2, 4, 2)))]).value.state).toBe("ghost");
    expect(script(hpSwCheck(30), [sgOk(answer()), sgErr(5)]).value.state).toBe("ghost");
  });
  test("illegal request on the INQUIRY: unsupported; other failures down; recovered error goes on", () => {
    expect(script(hpSwCheck(30), [sgOk(checkCondition(fixedSense(5, 0x24, 0)))]).value).toEqual({ state: "wild", message: " doesn't support this device" });
    expect(script(hpSwCheck(30), [sgOk(checkCondition(fixedSense(4, 0x44, 0)))]).value.state).toBe("down");
    expect(script(hpSwCheck(30), [sgOk(checkCondition(fixedSense(1, 0, 0))), sgOk(answer())]).value.state).toBe("up");
    expect(script(hpSwCheck(30), [sgErr(25)]).value.state).toBe("wild");
  });
});

/** A volume access control page (0xC9) with the given bytes set. */
function c9(set: Record<number, number>): Uint8Array {
  const p = new Uint8Array(C9_LENGTH);
  p[1] = 0xc9;
  p[3] = 0x2c;
  p.set([0x76, 0x61, 0x63, 0x31], 4); // "vac1"
  for (const [i, v] of Object.entries(set)) p[Number(i)] = v;
  return p;
}

describe("rdac: volume access control page", () => {
  test("owner is up, I/O shipping is up, otherwise ghost", () => {
    expect(decodeVolumeAccess(c9({ 8: 0x01 }))).toEqual({ state: "up", message: " reports path is up" });
    expect(decodeVolumeAccess(c9({ 8: 0x20 })).state).toBe("up");
    expect(decodeVolumeAccess(c9({ 8: 0x00 }))).toEqual({ state: "ghost", message: " reports path is ghost" });
  });
  test("a LUN that is not connected (qualifier 001b, or any device type bits) is down", () => {
    expect(decodeVolumeAccess(c9({ 0: 0x20, 8: 1 }))).toEqual(RDAC_MSG.notConnected);
    expect(decodeVolumeAccess(c9({ 0: 0x01, 8: 1 }))).toEqual(RDAC_MSG.notConnected);
    expect(RDAC_MSG.notConnected.message).toBe(" reports path is down: lun not connected");
  });
  test("with TPG data: unavailable is down with the controller's reason", () => {
    const unavailable = (vendor: number) => decodeVolumeAccess(c9({ 8: 0x11, 10: 0x03, 11: vendor }));
    expect(unavailable(2)).toEqual(RDAC_MSG.nonResponsive);
    expect(unavailable(3)).toEqual(RDAC_MSG.inReset);
    expect(unavailable(4)).toEqual(RDAC_MSG.fwDownloading);
    expect(unavailable(5)).toEqual(RDAC_MSG.fwDownloading);
    expect(unavailable(6)).toEqual(RDAC_MSG.quiesced);
    expect(unavailable(7)).toEqual(RDAC_MSG.serviceMode);
    expect(unavailable(9)).toEqual(RDAC_MSG.unavailable);
  });
  test("this controller alone transitioning is booting (down); both transitioning is a switch in progress", () => {
    expect(decodeVolumeAccess(c9({ 8: 0x11, 10: 0x0f, 12: 0x00 }))).toEqual(RDAC_MSG.inStartup);
    expect(decodeVolumeAccess(c9({ 8: 0x11, 10: 0x0f, 12: 0x0f })).state).toBe("up");
    expect(decodeVolumeAccess(c9({ 8: 0x10, 10: 0x0f, 12: 0x0f })).state).toBe("ghost");
  });
  test("without the TPG data bit the states are not looked at", () => {
    expect(decodeVolumeAccess(c9({ 8: 0x01, 10: 0x03 })).state).toBe("up");
  });
});

describe("rdac checker", () => {
  const control = (tas: boolean) => { const d = new Uint8Array(20); d[8] = 0x0a; d[9] = 0x0a; if (tas) d[13] = 0x40; return d; };
  test("TAS already set: one MODE SENSE(10) of the control page with DBD", () => {
    const { value, requests } = script(setTasBit(30), [sgOk(answer({ data: control(true) }))]);
    expect(value).toBe(true);
    expect(Array.from(cmdOf(requests[0]!).cdb)).toEqual([0x5a, 0x08, 0x0a, 0, 0, 0, 0, 0, 20, 0]);
  });
  test("TAS settable: changeable values read, then MODE SELECT(10) with TAS set", () => {
    const { value, requests } = script(setTasBit(30), [sgOk(answer({ data: control(false) })), sgOk(answer({ data: control(true) })), sgOk(answer())]);
    expect(value).toBe(true);
    expect(cmdOf(requests[1]!).cdb[2]).toBe(0x4a);
    const sel = cmdOf(requests[2]!);
    expect(Array.from(sel.cdb)).toEqual([0x55, 0x01, 0, 0, 0, 0, 0, 0, 20, 0]);
    expect(sel.direction).toBe("to-device");
    expect([sel.data![8], sel.data![9], sel.data![13]]).toEqual([0x0a, 0x0a, 0x40]);
  });
  test("TAS not settable: no MODE SELECT, and the checker logs it once per path", () => {
    const notSettable = [sgOk(answer({ data: control(false) })), sgOk(answer({ data: control(false) }))];
    expect(script(setTasBit(30), [...notSettable]).value).toBe(false);
    const log = captureLog(3);
    try {
      const c = new RdacChecker();
      const illegal = sgOk(checkCondition(fixedSense(5, 0x24, 0)));
      expect(script(c.check(30), [...notSettable, illegal]).value.state).toBe("wild");
      expect(script(c.check(30), [illegal]).value.state).toBe("wild");
      expect(log.lines.filter((l) => l.includes("TAS"))).toEqual(["3 rdac checker failed to set TAS bit"]);
    } finally {
      log.stop();
    }
  });
  test("INQUIRY page 0xC9 for 48 bytes; a clean answer is decoded", () => {
    const c = new RdacChecker();
    const tasSet = sgOk(answer({ data: control(true) }));
    const { value, requests } = script(c.check(30), [tasSet, sgOk(answer({ data: c9({ 8: 1 }) }))]);
    expect(value.state).toBe("up");
    expect(Array.from(cmdOf(requests[1]!).cdb)).toEqual([0x12, 1, 0xc9, 0, 48, 0]);
  });
  test("transport errors are retried (five tries), other failures are 'inquiry failed' and log the sense key", () => {
    const c = new RdacChecker();
    const busy = sgOk(answer({ host: 0x02 }));
    const tasSet = sgOk(answer({ data: control(true) }));
    expect(script(c.check(30), [tasSet, busy, busy, busy, busy, busy]).value).toEqual(RDAC_MSG.inquiryFailed);
    const log = captureLog(1);
    try {
      expect(script(c.check(30), [sgOk(checkCondition(fixedSense(4, 0x44, 0)))]).value).toEqual(RDAC_MSG.inquiryFailed);
      expect(log.lines).toContain("1 rdac checker: INQUIRY failed with sense key 04");
    } finally {
      log.stop();
    }
  });
  test("an ioctl failure other than ENOTTY reads as a zeroed page: ghost", () => {
    const c = new RdacChecker();
    expect(script(c.check(30), [sgErr(5), sgErr(5)]).value.state).toBe("ghost");
  });
});

/** A CLARiiON unit path report (VPD 0xC0) in a good configuration. */
function c0(set: Record<number, number> = {}): Uint8Array {
  const p = new Uint8Array(128);
  p[1] = 0xc0;
  p[4] = 0x01; // bound
  p[27] = 0x03;
  p[28] = 0x04;
  p[30] = 0x04;
  for (let i = 0; i < 16; i++) p[10 + i] = 0xa0 + i;
  for (const [i, v] of Object.entries(set)) p[Number(i)] = v;
  return p;
}

describe("emc_clariion: unit path report", () => {
  test("a bound LUN in PNR or ALUA failover mode with arraycommpath is good", () => {
    expect(decodeUnitReport(c0())).toMatchObject({ kind: "ok", lunState: 1 });
    expect(decodeUnitReport(c0({ 28: 0x06 }))).toMatchObject({ kind: "ok" });
  });
  test("wrong page or revision, wrong configuration, abnormal operations, unbound LUN", () => {
    expect(decodeUnitReport(c0({ 1: 0xc1 }))).toEqual({ kind: "bad", result: { state: "down", message: EMC_MSG.unitReport } });
    expect(decodeUnitReport(c0({ 9: 1 }))).toMatchObject({ result: { message: EMC_MSG.unitReport } });
    expect(decodeUnitReport(c0({ 27: 2 }))).toMatchObject({ result: { message: EMC_MSG.pathConfig } });
    expect(decodeUnitReport(c0({ 28: 0x01 }))).toMatchObject({ result: { message: EMC_MSG.pathConfig } });
    expect(decodeUnitReport(c0({ 30: 0 }))).toMatchObject({ result: { message: EMC_MSG.pathConfig } });
    expect(decodeUnitReport(c0({ 48: 1 }))).toEqual({ kind: "bad", result: { state: "shaky", message: EMC_MSG.pathNotAvail } });
    expect(decodeUnitReport(c0({ 4: 0 }))).toMatchObject({ result: { state: "down", message: EMC_MSG.lunUnbound } });
  });
});

describe("emc_clariion checker", () => {
  const page = (set: Record<number, number> = {}) => sgOk(answer({ data: c0(set) }));
  test("INQUIRY 0xC0 for 128 bytes; a passive path is up", () => {
    const { value, requests } = script(new EmcClariionChecker().check(30), [page()]);
    expect(value).toEqual({ state: "up", message: ": Active path is healthy" });
    expect(Array.from(cmdOf(requests[0]!).cdb)).toEqual([0x12, 1, 0xc0, 0, 128, 0]);
  });
  test("the WWN may not change between checks of a path", () => {
    const c = new EmcClariionChecker();
    script(c.check(30), [page()]);
    expect(script(c.check(30), [page({ 12: 0 })]).value).toEqual({ state: "down", message: EMC_MSG.wwnChanged });
  });
  test("the active path reads 4 KiB; an inactive snapshot fails it and the map's passive paths", () => {
    const map = { inactiveSnapshot: false };
    const stat: IoReply = { op: "statBlockSize", size: 4096, errno: 0 };
    // an illegal request is not retried: one READ
    const snap = sgOk(checkCondition(fixedSense(5, 0x25, 1)));
    const active = script(new EmcClariionChecker().check(30, map), [page({ 4: 2 }), stat, snap]);
    expect(active.value).toEqual({ state: "down", message: "" });
    expect(map.inactiveSnapshot).toBe(true);
    expect(script(new EmcClariionChecker().check(30, map), [page()]).value.state).toBe("down");
    const healthy = script(new EmcClariionChecker().check(30, map), [page({ 4: 2 }), stat, sgOk(answer())]);
    expect(healthy.value.state).toBe("up");
    expect(map.inactiveSnapshot).toBe(false);
  });
  test("another read error on the active path is down with 'Read error'", () => {
    const stat: IoReply = { op: "statBlockSize", size: 4096, errno: 0 };
    const r = script(new EmcClariionChecker().check(30), [page({ 4: 2 }), stat, sgOk(checkCondition(fixedSense(3, 0x11, 0)))]);
    expect(r.value).toEqual({ state: "down", message: EMC_MSG.readError });
  });
  test("answer errors: illegal request unsupported, other sense keys and sense-less errors are query errors", () => {
    expect(script(new EmcClariionChecker().check(30), [sgOk(checkCondition(fixedSense(5, 0x24, 0)))]).value.state).toBe("wild");
    const log = captureLog(1);
    try {
      expect(script(new EmcClariionChecker().check(30), [sgOk(checkCondition(fixedSense(2, 4, 3)))]).value).toEqual({ state: "down", message: EMC_MSG.queryError });
      expect(script(new EmcClariionChecker().check(30), [sgOk(answer({ host: 0x01 }))]).value.message).toBe(EMC_MSG.queryError);
      expect(log.lines).toEqual(["1 emc_clariion_checker: INQUIRY failed with sense key 02", "1 emc_clariion_checker: INQUIRY failed without sense, status 00"]);
    } finally {
      log.stop();
    }
    expect(script(new EmcClariionChecker().check(30), [sgErr(5)]).value).toEqual({ state: "down", message: EMC_MSG.queryFailed });
  });
});

describe("cciss_tur", () => {
  test("CCISS ioctl numbers for x86_64 structure sizes", () => {
    expect(CCISS_GETLUNINFO).toBe(2 * 2 ** 30 + (12 << 16) + (0x42 << 8) + 17);
    expect(CCISS_PASSTHRU).toBe(3 * 2 ** 30 + (88 << 16) + (0x42 << 8) + 11);
  });
  test("the passthru command addresses the logical volume and carries a TUR", () => {
    const b = passthruTur(0x12345);
    expect(b.length).toBe(88);
    expect(new DataView(b.buffer).getUint32(0, true)).toBe((0x12345 | 0x40000000) >>> 0);
    expect([b[8], b[9]]).toEqual([6, 0x20]);
    expect(Array.from(b.subarray(12, 28))).toEqual(new Array(16).fill(0));
  });
  test("a failed GETLUNINFO prints upstream's perror and fprintf lines and is down", () => {
    const log = captureLog(0);
    try {
      const fail: IoReply = { op: "ioctl", rc: -1, errno: 22, arg: new Uint8Array(12), errorText: "Invalid argument" };
      expect(script(ccissTurCheck(), [fail]).value.state).toBe("down");
      expect(log.lines).toEqual(["raw Error: : Invalid argument\n", "raw cciss TUR  failed in CCISS_GETLUNINFO: Invalid argument\n"]);
    } finally {
      log.stop();
    }
  });
  test("the LUN id goes into the passthru; command or SCSI status decides", () => {
    const info = new Uint8Array(12);
    new DataView(info.buffer).setUint32(0, 7, true);
    const ok: IoReply = { op: "ioctl", rc: 0, errno: 0, arg: info, errorText: "" };
    const done = (status: number): (req: IoRequest) => IoReply => (req) => {
      const arg = (req as { arg: Uint8Array }).arg;
      arg[28] = status;
      return { op: "ioctl", rc: 0, errno: 0, arg, errorText: "" };
    };
    const up = script(ccissTurCheck(), [ok, done(0)]);
    expect(up.value.state).toBe("up");
    expect(new DataView((up.requests[1] as { arg: Uint8Array }).arg.buffer).getUint32(0, true)).toBe((7 | 0x40000000) >>> 0);
    expect(script(ccissTurCheck(), [ok, done(2)]).value.state).toBe("down");
    const b = passthruTur(0);
    new DataView(b.buffer).setUint16(30, 1, true);
    expect(passthruFailed(b)).toBe(true);
  });
});
