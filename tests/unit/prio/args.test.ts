// Prioritizers driven by prio_args: weightedpath, path_latency, iet, datacore; and the C number parsing they share.
import { describe, expect, test } from "bun:test";
import { fmtExp, fmtFixed } from "../../../src/prio/cFormat.ts";
import { atoi, strtod, strtoul, toCInt } from "../../../src/prio/cParse.ts";
import { datacorePrioFromInquiry, parseDatacoreArgs } from "../../../src/prio/datacore.ts";
import { ietPrio, preferredIpArg } from "../../../src/prio/iet.ts";
import { DEFAULT_BASE_NUM, calcPrio, latencyPrio, parseLatencyArgs, pathLatency } from "../../../src/prio/pathLatency.ts";
import { weightedPathPrio, weightedSubject } from "../../../src/prio/weightedPath.ts";
import type { IoReply } from "../../../src/checkers/io.ts";
import { captureLog, script } from "../checkers/answers.ts";
import { ctx } from "./context.ts";

const P = { dev: "sdc", serial: "ed42247a-0000", tgtNodeName: "", hcil: { host: 2, channel: 0, id: 1, lun: 0 } };

describe("C number parsing", () => {
  test("strtoul: bases, blanks, sign wrap, prefixes", () => {
    expect(strtoul("  42x", 10)).toMatchObject({ value: 42, consumed: 4 });
    expect(strtoul("0x1f", 0).value).toBe(31);
    expect(strtoul("017", 0).value).toBe(15);
    expect(strtoul("abc", 10).consumed).toBe(0);
    expect(toCInt(strtoul("-5", 10).big!)).toBe(-5);
    expect(strtoul("99999999999999999999999", 10).overflow).toBe(true);
  });
  test("strtod: decimals, exponents, inf/nan, hex floats", () => {
    expect(strtod("2.5abc").value).toBe(2.5);
    expect(strtod("1e1").value).toBe(10);
    expect(strtod(".5").value).toBe(0.5);
    expect(strtod("inf").value).toBe(Infinity);
    expect(Number.isNaN(strtod("nan").value)).toBe(true);
    expect(strtod("0x1.8p1").value).toBe(3);
    expect(strtod("x").consumed).toBe(0);
  });
  test("atoi stops at the first non-digit and keeps 32 bits", () => {
    expect(atoi("12abc")).toBe(12);
    expect(atoi(" -7")).toBe(-7);
    expect(atoi("abc")).toBe(0);
    expect(atoi("4294967297")).toBe(1);
  });
  test("printf %e and %f as glibc", () => {
    expect(fmtExp(4780.2, 2)).toBe("4.78e+03");
    expect(fmtExp(83.8, 2)).toBe("8.38e+01");
    expect(fmtExp(0.00123, 2)).toBe("1.23e-03");
    expect(fmtFixed(DEFAULT_BASE_NUM, 3)).toBe("1.778");
  });
});

describe("weightedpath", () => {
  test("the string of each kind", () => {
    expect(weightedSubject("hbtl", P, false)).toBe("2:0:1:0");
    expect(weightedSubject("devname", P, false)).toBe("sdc");
    expect(weightedSubject("serial", P, false)).toBe("ed42247a-0000");
    expect(weightedSubject("wwn", P, false)).toBe("[undef]:[undef]:[undef]:[undef]");
    expect(weightedSubject("wwn", { ...P, tgtNodeName: "0x500a", fc: { hostWwnn: "0x2000", hostWwpn: "0x2100" } }, true))
      .toBe("0x2000:0x2100:0x500a:[unknown]");
    expect(weightedSubject("bogus", P, false)).toBeUndefined();
  });
  test("first matching regex wins; unanchored ERE; no match is 0", () => {
    expect(weightedPathPrio(P, "hbtl 1:.:.:. 2 2:.:.:. 4", false)).toBe(4);
    expect(weightedPathPrio(P, "devname sd[ab] 10 sd[c-z] 20 sdc 30", false)).toBe(20);
    expect(weightedPathPrio(P, "devname dc 5", false)).toBe(5);
    expect(weightedPathPrio(P, "devname ^dc 5", false)).toBe(0);
    expect(weightedPathPrio(P, "serial ^ed42 7", false)).toBe(7);
  });
  test("blanks and tabs separate; a missing priority ends the list; an invalid regex is skipped", () => {
    expect(weightedPathPrio(P, "  devname \t sdc\t 9 ", false)).toBe(9);
    expect(weightedPathPrio(P, "devname sdc", false)).toBe(0);
    expect(weightedPathPrio(P, "devname ( 3 sdc 8", false)).toBe(8);
    expect(weightedPathPrio(P, "devname sdc 12abc", false)).toBe(12);
    expect(weightedPathPrio(P, "", false)).toBe(0);
  });
  test("an unknown kind logs 'Invalid arguments' at level 0", () => {
    const log = captureLog(0);
    try {
      expect(weightedPathPrio(P, "port 1 2", false)).toBe(0);
      expect(log.lines).toEqual(["0 sdc: weightedpath - Invalid arguments"]);
    } finally {
      log.stop();
    }
  });
});

describe("path_latency arguments", () => {
  test("both values from the first two words, in either order", () => {
    expect(parseLatencyArgs("io_num=20 base_num=10")).toEqual({ ioNum: 20, baseNum: 10 });
    expect(parseLatencyArgs("base_num=1.5 io_num=200")).toEqual({ ioNum: 200, baseNum: 1.5 });
    expect(parseLatencyArgs("\tio_num=50  base_num=2 extra")).toEqual({ ioNum: 50, baseNum: 2 });
  });
  test("missing or late values are refused; out-of-range values are complained about", () => {
    expect(parseLatencyArgs("")).toBeNull();
    expect(parseLatencyArgs("io_num=20")).toBeNull();
    expect(parseLatencyArgs("x=1 io_num=20 base_num=2")).toBeNull();
    expect(parseLatencyArgs("io_num= base_num=2")).toBeNull();
    const log = captureLog(0);
    try {
      expect(parseLatencyArgs("io_num=10 base_num=2")).toBeNull();
      expect(parseLatencyArgs("io_num=20 base_num=11")).toBeNull();
      expect(log.lines).toEqual(["0 path_latency prio: args io_num is outside the valid range", "0 path_latency prio: args base_num is outside the valid range"]);
    } finally {
      log.stop();
    }
  });
});

describe("path_latency priority", () => {
  test("the mean log-latency's distance below log(100 s)", () => {
    // base 10: log10(1e8) = 8, log10(1000) = 3
    expect(latencyPrio(new Array(20).fill(1000), { ioNum: 20, baseNum: 10 }).prio).toBe(5);
    // the reference measured 4.78e+03 us and 1.04e+02 us with the defaults: 17 and 23
    expect(latencyPrio(new Array(100).fill(4780), { ioNum: 100, baseNum: DEFAULT_BASE_NUM }).prio).toBe(17);
    expect(latencyPrio(new Array(100).fill(104), { ioNum: 100, baseNum: DEFAULT_BASE_NUM }).prio).toBe(23);
  });
  test("zero latencies count in the mean but add nothing", () => {
    const r = latencyPrio([...new Array(10).fill(0), ...new Array(10).fill(100)], { ioNum: 20, baseNum: 10 });
    expect(r.prio).toBe(7); // mean log10 = 1, 8 - 1
  });
  test("bounds: at most lgMax - lgMin, 0 above the maximum", () => {
    expect(calcPrio(-1, 8, 0)).toBe(8);
    expect(calcPrio(9, 8, 0)).toBe(0);
    expect(latencyPrio(new Array(20).fill(1e9), { ioNum: 20, baseNum: 10 })).toMatchObject({ prio: 0, tooSlow: true });
  });
  test("io_num reads of the BLKBSZGET size; defaults with a level-0 complaint", () => {
    const log = captureLog(3);
    try {
      const replies: IoReply[] = [{ op: "blockSize", size: 512, errno: 0 }];
      for (let i = 0; i < 100; i++) replies.push({ op: "directRead", res: 512, notSubmitted: false, timedOut: false, elapsedUs: 1000 });
      const { value, requests } = script(pathLatency.getPrio(ctx()), replies);
      expect(requests).toHaveLength(101);
      expect(requests[1]).toEqual({ op: "directRead", size: 512, offset: 0, timeoutMs: 30000 });
      // log(1e8) and log(1000) in base 1.77827941004 (10^(1/4) rounded) are 31.99999... and 12.0000...: 19
      expect(value).toBe(19);
      expect(log.lines[0]).toBe("0 path_latency prio: sda: fails to get path_latency args, set default:io_num=100 base_num=1.778");
      expect(log.lines[1]).toBe("3 path_latency prio: sda: latency avg=1.00e+03 uncertainty=1.0 prio=19\n");
    } finally {
      log.stop();
    }
  });
  test("a failed read is a down path: -1", () => {
    const log = captureLog(0);
    try {
      const r = script(pathLatency.getPrio(ctx({ args: "io_num=20 base_num=2" })), [
        { op: "blockSize", size: 4096, errno: 0 }, { op: "directRead", res: -5, notSubmitted: false, timedOut: false, elapsedUs: 3 },
      ]);
      expect(r.value).toBe(-1);
      expect(log.lines).toEqual(["0 path_latency prio: sda: path down"]);
    } finally {
      log.stop();
    }
  });
});

describe("iet", () => {
  const links = [
    { name: "ip-10.0.0.1:3260-iscsi-iqn.2003-01.org:t1-lun-0", target: "../../sda" },
    { name: "ip-10.0.0.2:3260-iscsi-iqn.2003-01.org:t1-lun-0", target: "../../sdb" },
    { name: "ip-10.0.0.1:3260-iscsi-iqn.2003-01.org:t1-lun-0-part1", target: "../../sda1" },
  ];
  test("preferredip= takes one word", () => {
    expect(preferredIpArg("preferredip=10.0.0.1 x")).toBe("10.0.0.1");
    expect(preferredIpArg("preferredip=")).toBeUndefined();
    expect(preferredIpArg(" preferredip=1.2.3.4")).toBeUndefined();
  });
  test("20 for the preferred portal, 10 otherwise", () => {
    expect(ietPrio("sda", "preferredip=10.0.0.1", links)).toBe(20);
    expect(ietPrio("sdb", "preferredip=10.0.0.1", links)).toBe(10);
    expect(ietPrio("sdc", "preferredip=10.0.0.1", links)).toBe(10);
  });
  test("upstream's prefix comparisons: sda's link also serves sdaa, 10.0.0.1 also matches 10.0.0.12", () => {
    expect(ietPrio("sdaa", "preferredip=10.0.0.1", links)).toBe(20);
    expect(ietPrio("sda", "preferredip=10.0.0.12", links)).toBe(20);
  });
  test("no by-path directory: 10 (0.14); bad arguments: 0 with a level-0 message", () => {
    expect(ietPrio("sda", "preferredip=10.0.0.1", null)).toBe(10);
    const log = captureLog(0);
    try {
      expect(ietPrio("sda", "", links)).toBe(0);
      expect(ietPrio("sda", "preferredip=1.2.3", links)).toBe(0);
      expect(log.lines).toEqual(["0 sda: iet prio: unexpected prio_args format", "0 sda: iet prio: prio args: preferredip too short"]);
    } finally {
      log.stop();
    }
  });
});

describe("datacore", () => {
  test("the three argument forms", () => {
    expect(parseDatacoreArgs("preferredsds=SDS1")).toEqual({ preferredsds: "SDS1" });
    expect(parseDatacoreArgs("timeout=1000 preferredsds=SDS1")).toEqual({ preferredsds: "SDS1", timeoutMs: 1000 });
    expect(parseDatacoreArgs("preferredsds=SDS1 timeout=0x10")).toEqual({ preferredsds: "SDS1", timeoutMs: 16 });
    expect(parseDatacoreArgs("preferredsds=SDS1 timeout=x")).toEqual({ preferredsds: "SDS1" });
    expect(parseDatacoreArgs("timeout=5")).toBeNull();
    expect(parseDatacoreArgs("")).toBeNull();
  });
  test("1 when the server name (16 bytes at 112) contains the preferred name", () => {
    const inq = new Uint8Array(255);
    inq.set(new TextEncoder().encode("SANSYMPHONY-SDS2"), 112);
    expect(datacorePrioFromInquiry(inq, "SDS2")).toBe(1);
    expect(datacorePrioFromInquiry(inq, "SDS1")).toBe(0);
    expect(datacorePrioFromInquiry(new Uint8Array(255), "SDS1")).toBe(0);
  });
});
