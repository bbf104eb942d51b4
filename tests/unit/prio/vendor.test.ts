// Vendor prioritizers on constructed pages: emc, hds, hp_sw, rdac, ontap, ana; and the registry.
import { describe, expect, test } from "bun:test";
import { ANA_STATE, anaState, anaStatePrio, idCtrlAna, ana } from "../../../src/prio/ana.ts";
import { emc, emcPrioFromPage } from "../../../src/prio/emc.ts";
import { hds, hdsPrioFromInquiry } from "../../../src/prio/hds.ts";
import { hpSw, hpSwPrioFromTur } from "../../../src/prio/hpSw.ts";
import { gvaCdb, gvaKind, ontap, proxyBit } from "../../../src/prio/ontap.ts";
import { rdac, rdacPrioFromPage } from "../../../src/prio/rdac.ts";
import { PRIO_NAMES, findPrioritizer } from "../../../src/prio/registry.ts";
import type { IoReply } from "../../../src/checkers/io.ts";
import { answer, captureLog, checkCondition, fixedSense, script, sgErr, sgOk } from "../checkers/answers.ts";
import { ctx } from "./context.ts";

const page = (len: number, set: Record<number, number>) => {
  const p = new Uint8Array(len);
  for (const [i, v] of Object.entries(set)) p[Number(i)] = v;
  return p;
};

describe("emc", () => {
  const good = { 1: 0xc0, 27: 3, 28: 4, 30: 4 };
  test("LUN state plus 2 when this SP is the default owner", () => {
    expect(emcPrioFromPage(page(128, { ...good, 4: 2, 5: 1, 8: 1 }))).toBe(4);
    expect(emcPrioFromPage(page(128, { ...good, 4: 2, 5: 1, 8: 0 }))).toBe(2);
    expect(emcPrioFromPage(page(128, { ...good, 4: 1, 5: 0, 8: 0 }))).toBe(3);
    expect(emcPrioFromPage(page(128, { ...good, 4: 0, 5: 0, 8: 1 }))).toBe(0);
  });
  test("bad pages give the log reason", () => {
    expect(emcPrioFromPage(page(128, { ...good, 1: 0 }))).toBe("path unit report page in unknown format");
    expect(emcPrioFromPage(page(128, { ...good, 27: 0 }))).toBe("path not correctly configured for failover");
    expect(emcPrioFromPage(page(128, { ...good, 48: 1 }))).toBe("path not available for normal operations");
  });
  test("an answer with an error is PRIO_UNDEF with 'query command indicates error'", () => {
    const log = captureLog(0);
    try {
      const r = script(emc.getPrio(ctx()), [sgOk(checkCondition(fixedSense(5, 0x24, 0)))]);
      expect(r.value).toBe(-1);
      expect(Array.from((r.requests[0] as { cmd: { cdb: Uint8Array } }).cmd.cdb)).toEqual([0x12, 1, 0xc0, 0, 128, 0]);
      expect(log.lines).toEqual(["0 sda: emc prio: query command indicates error"]);
    } finally {
      log.stop();
    }
  });
});

describe("hds", () => {
  // vendor 8-15, product 16-31, serial 40-43, LDEV 44-47, controller 49, port 50
  const inq = (ldev: string, ctrl: string) => {
    const d = new Uint8Array(255);
    const put = (s: string, at: number) => d.set(new TextEncoder().encode(s), at);
    put("HITACHI DF600F          0000", 8);
    put(`1234${ldev}`, 40);
    put(`0${ctrl}A`, 48);
    return d;
  };
  test("controller and LDEV parity", () => {
    expect(inq("0012", "0")[49]).toBe("0".charCodeAt(0));
    expect(hdsPrioFromInquiry("sda", inq("0012", "0"))).toBe(1);
    expect(hdsPrioFromInquiry("sda", inq("001B", "0"))).toBe(0);
    expect(hdsPrioFromInquiry("sda", inq("001E", "1"))).toBe(0);
    expect(hdsPrioFromInquiry("sda", inq("0013", "3"))).toBe(1);
  });
  test("anything else (no digits, as on non-Hitachi devices) is -1", () => {
    expect(hdsPrioFromInquiry("sda", new Uint8Array(255))).toBe(-1);
    expect(hdsPrioFromInquiry("sda", inq("001G", "0"))).toBe(-1);
  });
  test("needs sg v3, then a 255-byte standard INQUIRY", () => {
    const ver = (v: number): IoReply => { const a = new Uint8Array(4); new DataView(a.buffer).setInt32(0, v, true); return { op: "ioctl", rc: 0, errno: 0, arg: a, errorText: "" }; };
    const r = script(hds.getPrio(ctx()), [ver(30527), sgOk(answer({ data: inq("0012", "0") }))]);
    expect(r.value).toBe(1);
    expect(Array.from((r.requests[1] as { cmd: { cdb: Uint8Array } }).cmd.cdb)).toEqual([0x12, 0, 0, 0, 255, 0]);
    const log = captureLog(0);
    try {
      expect(script(hds.getPrio(ctx()), [ver(20000)]).value).toBe(-1);
      expect(log.lines).toEqual(["0 sda: hds prio: can't use SG ioctl interface"]);
    } finally {
      log.stop();
    }
  });
});

describe("hp_sw", () => {
  test("active 4, standby 2 (02/04/02), failed 0, reset retried", () => {
    expect(hpSwPrioFromTur(answer())).toBe(4);
    expect(hpSwPrioFromTur(checkCondition(fixedSense(1, 0, 0)))).toBe(4);
    expect(hpSwPrioFromTur(checkCondition(fixedSense(2, 4, 2)))).toBe(2);
    expect(hpSwPrioFromTur(checkCondition(fixedSense(2, 4, 3)))).toBe(0);
    expect(hpSwPrioFromTur(checkCondition(fixedSense(6, 0x29, 0)))).toBe("retry");
    expect(hpSwPrioFromTur(checkCondition(fixedSense(6, 0x2a, 0)))).toBe(0);
  });
  test("the TUR carries the prio timeout; a reset UA is retried", () => {
    const r = script(hpSw.getPrio(ctx({ timeoutMs: 10 })), [sgOk(checkCondition(fixedSense(6, 0x29, 0))), sgOk(answer())]);
    expect(r.value).toBe(4);
    expect((r.requests[0] as { cmd: { timeoutMs: number } }).cmd.timeoutMs).toBe(10);
    const log = captureLog(0);
    try {
      expect(script(hpSw.getPrio(ctx()), [sgErr(5)]).value).toBe(0);
      expect(log.lines).toEqual(["0 sda: hp_sw prio: sending tur command failed"]);
    } finally {
      log.stop();
    }
  });
});

describe("rdac", () => {
  const c9 = (b8: number, b9: number) => page(128, { 1: 0xc9, 3: 0x2c, 4: 0x76, 5: 0x61, 6: 0x63, 8: b8, 9: b9 });
  test("owner 2, preferred 4, secondary 1, ioship 8", () => {
    expect(rdacPrioFromPage(c9(0x01, 0x01))).toBe(6);
    expect(rdacPrioFromPage(c9(0x00, 0x02))).toBe(1);
    expect(rdacPrioFromPage(c9(0x21, 0x00))).toBe(10);
    expect(rdacPrioFromPage(c9(0x00, 0x0f))).toBe(0);
  });
  test("unknown page format and errors are 0", () => {
    expect(rdacPrioFromPage(page(128, { 1: 0xc9 }))).toBe("volume access control page in unknown format");
    const log = captureLog(0);
    try {
      expect(script(rdac.getPrio(ctx()), [sgOk(checkCondition(fixedSense(5, 0x24, 0)))]).value).toBe(0);
      expect(log.lines).toEqual(["0 sda: rdac prio: inquiry command indicates error"]);
    } finally {
      log.stop();
    }
  });
});

describe("ontap", () => {
  const gva = (kind: string) => {
    const r = page(256, { 3: 20, 4: 0x0a, 5: 0x98, 6: 0x0a, 7: 0x01, 8: 0x41 });
    r.set(new TextEncoder().encode(kind), 12);
    return r;
  };
  const proxy = (bit: number) => page(256, { 1: 0xc1, 8: 0x0a, 9: 0x98, 10: 0x0a, 12: 0xc1, 19: bit ? 2 : 0 });
  test("GVA CDB and kinds", () => {
    expect(Array.from(gvaCdb(0x41))).toEqual([0xc0, 0, 1, 0x0a, 0x98, 0x0a, 0x41, 0x80, 0, 0]);
    const log = () => undefined;
    expect(gvaKind(gva("ism_sw"), log)).toBe("iscsi-software");
    expect(gvaKind(gva("iswt"), log)).toBe("iscsi-software");
    expect(gvaKind(gva("ism_sn"), log)).toBe("iscsi-hardware");
    expect(gvaKind(gva("fcp"), log)).toBe("other");
  });
  test("priorities: hardware iSCSI 3, software 2, FC proxy 1, direct 4", () => {
    expect(script(ontap.getPrio(ctx()), [sgOk(answer({ data: gva("ism_sn") }))]).value).toBe(3);
    expect(script(ontap.getPrio(ctx()), [sgOk(answer({ data: gva("ism_sw") }))]).value).toBe(2);
    expect(script(ontap.getPrio(ctx()), [sgOk(answer({ data: gva("fcp") })), sgOk(answer({ data: proxy(1) }))]).value).toBe(1);
    expect(script(ontap.getPrio(ctx()), [sgOk(answer({ data: gva("fcp") })), sgOk(answer({ data: proxy(0) }))]).value).toBe(4);
    expect(proxyBit(page(256, {}), () => undefined)).toBeNull();
  });
  test("a refused GVA is 0 with the CDB and sense dumped (0.14: one line each)", () => {
    const log = captureLog(0);
    try {
      const sense = [0x70, 0, 5, 0, 0, 0, 0, 0x0a, 0, 0, 0, 0, 0x20, 0, 0, 0, 0, 0];
      expect(script(ontap.getPrio(ctx()), [sgOk(checkCondition(sense))]).value).toBe(0);
      expect(log.lines).toEqual([
        "0 sda: ontap prio: SCSI error",
        "0 - SCSI CDB: 0xc0 0x00 0x01 0x0a 0x98 0x0a 0x41 0x80 0x00 0x00 ",
        "0 - masked_status=0x01, host_status=0x00, driver_status=0x08",
        "0 - SCSI sense data: 0x70 0x00 0x05 0x00 0x00 0x00 0x00 0x0a 0x00 0x00 0x00 0x00 0x20 0x00 0x00 0x00 0x00 0x00 ",
      ]);
    } finally {
      log.stop();
    }
  });
});

describe("ana", () => {
  const ctrl = (cmic: number, anacap: number, nanagrpid: number, mnan: number) => {
    const d = new Uint8Array(4096);
    const v = new DataView(d.buffer);
    d[76] = cmic;
    d[525] = anacap;
    v.setUint32(530, nanagrpid, true);
    v.setUint32(540, mnan, true);
    return d;
  };
  /** ANA log: groups of [grpid, state, nsids] */
  const anaLog = (...gs: [number, number, number[]][]) => {
    const len = 16 + gs.reduce((n, g) => n + 32 + 4 * g[2].length, 0);
    const d = new Uint8Array(len);
    const v = new DataView(d.buffer);
    v.setUint16(8, gs.length, true);
    let o = 16;
    for (const [grp, state, nsids] of gs) {
      v.setUint32(o, grp, true);
      v.setUint32(o + 4, nsids.length, true);
      d[o + 16] = state;
      nsids.forEach((n, j) => v.setUint32(o + 32 + 4 * j, n, true));
      o += 32 + 4 * nsids.length;
    }
    return d;
  };
  test("controller fields", () => {
    expect(idCtrlAna(ctrl(0x08, 0x40, 4, 128))).toEqual({ ana: true, anagrpidConst: true, nanagrpid: 4, mnan: 128 });
    expect(idCtrlAna(ctrl(0x03, 0, 0, 0)).ana).toBe(false);
  });
  test("the namespace's group state, or the constant ANAGRPID's", () => {
    const log = anaLog([1, ANA_STATE.optimized, [1, 2]], [2, ANA_STATE.inaccessible, [3]]);
    expect(anaState(log, 3, 0)).toBe(ANA_STATE.inaccessible);
    expect(anaState(log, 2, 0)).toBe(ANA_STATE.optimized);
    expect(anaState(log, 9, 0)).toBe("notFound");
    expect(anaState(anaLog([7, ANA_STATE.change, []]), 9, 7)).toBe(ANA_STATE.change);
    expect(anaState(log.subarray(0, 40), 3, 0)).toBe("overflow");
  });
  test("states to priorities", () => {
    expect([1, 2, 3, 4, 15, 9].map(anaStatePrio)).toEqual([50, 10, 1, 0, 1, undefined]);
  });
  test("full exchange: identify, nsid, ANA log sized from the controller", () => {
    const r = script(ana.getPrio(ctx()), [
      { op: "nvmeAdmin", rc: 0, errno: 0, errorText: "", data: ctrl(0x08, 0, 2, 4) },
      { op: "nvmeNsid", rc: 1, errno: 0, errorText: "" },
      (req) => ({ op: "nvmeAdmin", rc: 0, errno: 0, errorText: "", data: (() => { const d = new Uint8Array((req as { dataLength: number }).dataLength); d.set(anaLog([1, ANA_STATE.nonOptimized, [1]])); return d; })() }),
    ]);
    expect(r.value).toBe(10);
    expect(r.requests[2]).toMatchObject({ op: "nvmeAdmin", opcode: 0x02, nsid: 0xffffffff, dataLength: 16 + 2 * 32 + 4 * 4 });
  });
  test("a SCSI device refuses the NVMe ioctl: 'couldn't get ctrl info', -1", () => {
    const log = captureLog(3);
    try {
      expect(script(ana.getPrio(ctx()), [{ op: "nvmeAdmin", rc: -1, errno: 22, errorText: "Invalid argument", data: new Uint8Array(0) }]).value).toBe(-1);
      expect(log.lines).toEqual(["3 sda: nvme_identify_ctrl: Invalid argument", "2 sda: ANA error: couldn't get ctrl info"]);
    } finally {
      log.stop();
    }
  });
});

describe("registry", () => {
  test("every upstream prioritizer", () => {
    expect(PRIO_NAMES.sort()).toEqual(["alua", "ana", "const", "datacore", "emc", "hds", "hp_sw", "iet", "ontap", "path_latency", "random", "rdac", "sysfs", "weightedpath"]);
    expect(findPrioritizer("nosuch")).toBeUndefined();
  });
  test("const is 1, random is 1..10", () => {
    expect(script(findPrioritizer("const")!.getPrio(ctx()), []).value).toBe(1);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(script(findPrioritizer("random")!.getPrio(ctx()), []).value);
    expect([...seen].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
