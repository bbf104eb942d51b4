// alua and sysfs: VPD 0x83 target port group, RTPG descriptors, states to priorities.
import { describe, expect, test } from "bun:test";
import { alua } from "../../../src/prio/alua.ts";
import { aasText, aluaStatePrio, exclusivePrefArg, rtpgGroupState, sysfsStatePrio, vpd83TargetPortGroup } from "../../../src/prio/aluaDecode.ts";
import { aluaDisposition } from "../../../src/prio/alua.ts";
import { sysfsPrioFromAttrs } from "../../../src/prio/sysfs.ts";
import { answer, captureLog, checkCondition, fixedSense, script, sgOk } from "../checkers/answers.ts";
import { ctx } from "./context.ts";

/** A VPD 0x83 page from designators [b0, b1, value bytes]. */
function vpd83(...ds: [number, number, number[]][]): Uint8Array {
  const body = ds.flatMap(([b0, b1, v]) => [b0, b1, 0, v.length, ...v]);
  return new Uint8Array([0, 0x83, body.length >> 8, body.length & 0xff, ...body]);
}
// scsi_debug's page: NAA LU, relative target port, target port group 0x0100, NAA target port
const SCSI_DEBUG_83 = vpd83(
  [0x01, 0x03, [0x33, 0x33, 0x33, 0x30, 0, 0, 0x07, 0xd0]],
  [0x61, 0x94, [0, 0, 0, 1]],
  [0x61, 0x95, [0, 0, 0x01, 0x00]],
  [0x61, 0x93, [0x52, 0x22, 0x22, 0x20, 0, 0, 0x07, 0xcd]],
);

/** RTPG data from [state byte, tpg, port count]. */
function rtpg(...gs: [number, number, number][]): Uint8Array {
  const body = gs.flatMap(([b0, tpg, n]) => [b0, 0x0f, tpg >> 8, tpg & 0xff, 0, 0x02, 0, n, ...new Array(4 * n).fill(0)]);
  return new Uint8Array([body.length >>> 24, (body.length >> 16) & 0xff, (body.length >> 8) & 0xff, body.length & 0xff, ...body]);
}

describe("VPD 0x83 target port group", () => {
  test("the TPG designator's last two bytes", () => expect(vpd83TargetPortGroup(SCSI_DEBUG_83)).toBe(256));
  test("none: null; only the first counts", () => {
    expect(vpd83TargetPortGroup(vpd83([0x01, 0x03, [1, 2, 3, 4, 5, 6, 7, 8]]))).toBeNull();
    expect(vpd83TargetPortGroup(vpd83([0x61, 0x95, [0, 0, 0, 7]], [0x61, 0x95, [0, 0, 0, 9]]))).toBe(7);
  });
  test("upstream tests the type with 3 bits: type 0xd reads as a TPG", () =>
    expect(vpd83TargetPortGroup(vpd83([0x61, 0x9d, [0, 0, 0, 3]]))).toBe(3));
  test("a designator that overruns the stated length ends the walk", () => {
    const p = vpd83([0x61, 0x95, [0, 0, 0, 7]]);
    p[3] = 6; // page length cut inside the descriptor
    expect(vpd83TargetPortGroup(p)).toBeNull();
  });
});

describe("RTPG descriptors", () => {
  const data = rtpg([0x00, 0x100, 1], [0x81, 0x200, 2]);
  test("state byte of the wanted group, preferred bit kept (0x8f)", () => {
    expect(rtpgGroupState(data, 0x100)).toBe(0x00);
    expect(rtpgGroupState(data, 0x200)).toBe(0x81);
    expect(rtpgGroupState(data, 0x300)).toBeNull();
  });
  test("reserved bits 4-6 are masked off", () => expect(rtpgGroupState(rtpg([0x72, 1, 0]), 1)).toBe(0x02));
});

describe("priorities", () => {
  test("AO 50, ANO 10, LBA-dependent 5, standby 1, others 0", () => {
    expect([0, 1, 4, 2, 3, 0xe, 0xf].map((s) => aluaStatePrio(s, false, false))).toEqual([50, 10, 5, 1, 0, 0, 0]);
  });
  test("+80 for the preferred bit, on AO only with exclusive_pref_bit", () => {
    expect(aluaStatePrio(0, true, false)).toBe(50);
    expect(aluaStatePrio(0, true, true)).toBe(130);
    expect(aluaStatePrio(1, true, false)).toBe(90);
    expect(aluaStatePrio(3, true, false)).toBe(80);
  });
  test("exclusive_pref_bit must be a whole word", () => {
    expect(exclusivePrefArg("exclusive_pref_bit")).toBe(true);
    expect(exclusivePrefArg("x exclusive_pref_bit\ty")).toBe(true);
    expect(exclusivePrefArg("exclusive_pref_bits")).toBe(false);
    expect(exclusivePrefArg("noexclusive_pref_bit")).toBe(false);
    expect(exclusivePrefArg("")).toBe(false);
  });
  test("state names in the log line", () => {
    expect(aasText(0x00)).toBe("active/optimized");
    expect(aasText(0x81)).toBe("active/non-optimized");
    expect(aasText(0x05)).toBe("ARRAY BUG: invalid TPGs state!");
    expect(aasText(0x0e)).toBe("offline");
    expect(aasText(0x10)).toBe("ARRAY BUG: invalid TPGs state!");
  });
});

describe("alua prioritizer", () => {
  test("VPD 0x83 from sysfs, RTPG through SG_IO with the prio timeout", () => {
    const log = captureLog(3);
    try {
      const c = ctx({ attrs: { vpd_pg83: SCSI_DEBUG_83 }, timeoutMs: 5000 });
      const { value, requests } = script(alua.getPrio(c), [sgOk(answer({ data: rtpg([0x01, 0x100, 1], [0x00, 0x200, 1]) }))]);
      expect(value).toBe(10);
      const cmd = (requests[0] as { cmd: { cdb: Uint8Array; timeoutMs: number } }).cmd;
      expect(Array.from(cmd.cdb)).toEqual([0xa3, 0x0a, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0]);
      expect(cmd.timeoutMs).toBe(5000);
      expect(log.lines).toContain("3 sda: aas = 01 [active/non-optimized]");
    } finally {
      log.stop();
    }
  });
  test("without sysfs VPD the page is read with INQUIRY; unit attentions retried (four tries)", () => {
    const ua = sgOk(checkCondition(fixedSense(6, 0x29, 0)));
    const { value, requests } = script(alua.getPrio(ctx()), [ua, sgOk(answer({ data: SCSI_DEBUG_83 })), sgOk(answer({ data: rtpg([0x80, 0x100, 0]) }))]);
    expect(value).toBe(50);
    expect(Array.from((requests[0] as { cmd: { cdb: Uint8Array } }).cmd.cdb)).toEqual([0x12, 1, 0x83, 0x10, 0, 0]);
  });
  test("a longer RTPG answer is read again with its full length", () => {
    const big = rtpg(...Array.from({ length: 400 }, (_, i) => [0x02, 0x1000 + i, 1] as [number, number, number]), [0x00, 0x100, 0]);
    const { value, requests } = script(alua.getPrio(ctx({ attrs: { vpd_pg83: SCSI_DEBUG_83 } })), [
      sgOk(answer({ data: big.subarray(0, 4096) })), sgOk(answer({ data: big })),
    ]);
    expect(value).toBe(50);
    expect((requests[1] as { cmd: { dataLength: number } }).cmd.dataLength).toBe(big.length);
  });
  test("errors are negative with upstream's messages", () => {
    const log = captureLog(2);
    try {
      const noTpg = ctx({ attrs: { vpd_pg83: vpd83([0x01, 0x03, [1, 2, 3, 4, 5, 6, 7, 8]]), inquiry: new Uint8Array(96) } });
      expect(script(alua.getPrio(noTpg), []).value).toBe(-1);
      const inq = new Uint8Array(96);
      inq[5] = 0x10;
      const tpgsButNoTpg = ctx({ attrs: { vpd_pg83: vpd83([0x01, 0x03, [1, 2, 3, 4, 5, 6, 7, 8]]), inquiry: inq } });
      expect(script(alua.getPrio(tpgsButNoTpg), []).value).toBe(-2);
      const other = script(alua.getPrio(ctx({ attrs: { vpd_pg83: SCSI_DEBUG_83 } })), [sgOk(answer({ data: rtpg([0, 0x300, 0]) }))]);
      expect(other.value).toBe(-3);
      expect(log.lines).toEqual([
        "0 sda: alua not supported",
        "0 sda: couldn't get target port group",
        "2 get_asymmetric_access_state: port group 256 not found",
        "2 get_alua_info: get_asymmetric_access_state returned -4",
        "0 sda: couldn't get asymmetric access state",
      ]);
    } finally {
      log.stop();
    }
  });
  test("SCSI dispositions: recovered error is good, not ready retried, others final", () => {
    expect(aluaDisposition(checkCondition(fixedSense(1, 0, 0)))).toBe("good");
    expect(aluaDisposition(checkCondition(fixedSense(2, 4, 1)))).toBe("retry");
    expect(aluaDisposition(checkCondition(fixedSense(5, 0x20, 0)))).toBe("error");
    expect(aluaDisposition(answer({ host: 1 }))).toBe("error");
  });
});

describe("sysfs prioritizer", () => {
  test("access_state words (prefix match), preferred_path adds 80 as for alua", () => {
    expect(sysfsStatePrio("active/optimized", false, false)).toBe(50);
    expect(sysfsStatePrio("active/non-optimized", true, false)).toBe(90);
    expect(sysfsStatePrio("lba-dependent", false, false)).toBe(5);
    expect(sysfsStatePrio("standby", false, false)).toBe(1);
    expect(sysfsStatePrio("unavailable", true, false)).toBe(80);
    expect(sysfsStatePrio("active/optimized", true, true)).toBe(130);
  });
  test("from the device's attributes; no access_state is undefined", () => {
    expect(sysfsPrioFromAttrs(ctx({ attrs: { access_state: "active/optimized\n", preferred_path: "0\n" } }))).toBe(50);
    expect(sysfsPrioFromAttrs(ctx({ attrs: { access_state: "standby\n", preferred_path: "1\n" } }))).toBe(81);
    expect(sysfsPrioFromAttrs(ctx({ attrs: { access_state: "standby\n", preferred_path: "0x1" } }))).toBe(81);
    expect(sysfsPrioFromAttrs(ctx({ attrs: { access_state: "standby\n", preferred_path: "junk" } }))).toBe(1);
    expect(sysfsPrioFromAttrs(ctx({ attrs: { access_state: "standby\n" } }))).toBe(1);
    expect(sysfsPrioFromAttrs(ctx())).toBe(-1);
  });
});
