// The path_latency prioritizer: io_num direct reads of one block, the mean
// of their log-latencies in base base_num, and the priority as the distance
// of that mean below the log of 100 s (latencies are taken as log-normal).
// prio_args "io_num=<20..200> base_num=<1.1..10>"; defaults 100 and 10^(1/4).
import { type Io, blockSize, directRead } from "../checkers/io.ts";
import { condlog } from "../log.ts";
import { fmtExp, fmtFixed } from "./cFormat.ts";
import { strtod, strtoul, toCInt } from "./cParse.ts";
import type { PrioContext, Prioritizer } from "./context.ts";
import { argTokens } from "./weightedPath.ts";

const log = (level: number, msg: string) => condlog(level, `path_latency prio: ${msg}`);

export const DEFAULT_IO_NUM = 100;
export const DEFAULT_BASE_NUM = 1.77827941004;
const MAX_AVG_LATENCY = 100000000; // us
const MIN_AVG_LATENCY = 1;

export type LatencyArgs = { ioNum: number; baseNum: number };

/** The two first words of prio_args; null (after upstream's range complaints) when they do not give both values. */
export function parseLatencyArgs(args: string): LatencyArgs | null {
  let ioNum: number | undefined, baseNum: number | undefined;
  const words = argTokens(args);
  for (let i = 0; i < 2; i++) {
    const w = words[i];
    if (w === undefined) return null;
    if (w.startsWith("io_num=") && w.length > 7) ioNum = toCInt(strtoul(w.slice(7), 10).big ?? 0n);
    else if (w.startsWith("base_num=") && w.length > 9) baseNum = strtod(w.slice(9)).value;
  }
  if (ioNum === undefined || baseNum === undefined) return null;
  if (ioNum < 20 || ioNum > 200) {
    log(0, "args io_num is outside the valid range");
    return null;
  }
  if (baseNum < 1.1 || baseNum > 10) {
    log(0, "args base_num is outside the valid range");
    return null;
  }
  return { ioNum, baseNum };
}

/** C's (int) of a double: truncation, INT_MIN for NaN and out-of-range values (x86 cvttsd2si). */
const cInt = (v: number) => (Number.isFinite(v) && v > -2147483649 && v < 2147483648 ? Math.trunc(v) : -2147483648);

export function calcPrio(lgAvg: number, lgMax: number, lgMin: number): number {
  if (lgAvg <= lgMin) return cInt(lgMax - lgMin);
  if (lgAvg >= lgMax) return 0;
  return cInt(lgMax - lgAvg);
}

export type LatencyOutcome = { prio: number; avgUs?: number; uncertainty?: number; tooSlow?: boolean };

/** The priority for measured latencies (whole microseconds; zeros count in the mean but add nothing). */
export function latencyPrio(latenciesUs: readonly number[], a: LatencyArgs): LatencyOutcome {
  const lgBase = Math.log(a.baseNum);
  const lgMax = Math.log(MAX_AVG_LATENCY) / lgBase;
  const lgMin = Math.log(MIN_AVG_LATENCY) / lgBase;
  let total = 0, squares = 0;
  for (const d of latenciesUs) {
    if (d === 0) continue;
    const rel = Math.log(d) / lgBase;
    total += rel;
    squares += rel * rel;
  }
  const lgAvg = total / a.ioNum;
  if (lgAvg > lgMax) return { prio: 0, avgUs: Math.pow(a.baseNum, lgAvg), tooSlow: true };
  const sd = Math.sqrt((squares - total * lgAvg) / (a.ioNum - 1));
  return { prio: calcPrio(lgAvg, lgMax, lgMin), avgUs: Math.exp(lgAvg * lgBase), uncertainty: Math.exp(sd * lgBase) };
}

function* pathLatencyPrio(ctx: PrioContext): Io<number> {
  const dev = ctx.path.dev;
  let a = parseLatencyArgs(ctx.args);
  if (!a) {
    a = { ioNum: DEFAULT_IO_NUM, baseNum: DEFAULT_BASE_NUM };
    log(0, `${dev}: fails to get path_latency args, set default:io_num=${a.ioNum} base_num=${fmtFixed(a.baseNum, 3)}`);
  }
  const bs = yield* blockSize();
  let size = bs.size;
  if (bs.errno) {
    log(3, "cannot get blocksize, set default");
    size = 4096;
  }
  const lat: number[] = [];
  // Upstream select()s on the block device (always readable) and then reads,
  // so only the SCSI timeout bounds a read; the bound here is the prio
  // timeout, or 30 s where that is under a second (a path the checker failed).
  const timeoutMs = ctx.timeoutMs >= 1000 ? ctx.timeoutMs : 30_000;
  for (let i = 0; i < a.ioNum; i++) {
    const rd = yield* directRead(size, 0, timeoutMs);
    if (rd.notSubmitted || rd.timedOut || rd.res !== size) {
      log(0, `${dev}: path down`);
      return -1;
    }
    lat.push(Math.trunc(rd.elapsedUs));
  }
  const out = latencyPrio(lat, a);
  if (out.tooSlow) {
    log(2, `${dev}: average latency (${Math.trunc(out.avgUs!)} us) is outside the threshold (${MAX_AVG_LATENCY} us)`);
    return 0;
  }
  log(3, `${dev}: latency avg=${fmtExp(out.avgUs!, 2)} uncertainty=${fmtFixed(out.uncertainty!, 1)} prio=${out.prio}\n`);
  return out.prio;
}

export const pathLatency: Prioritizer = { name: "path_latency", getPrio: pathLatencyPrio };
