// Constructed SG_IO answers and a scripted I/O driver for checker tests.
import type { IoReply, IoRequest, Io } from "../../../src/checkers/io.ts";
import type { SgResult } from "../../../src/io/sg.ts";
import { setLogSink, setVerbosity } from "../../../src/log.ts";

/** An answer as the kernel fills sg_io_hdr (info bit 0 when anything is nonzero). */
export function answer(o: { status?: number; host?: number; driver?: number; sense?: number[]; data?: Uint8Array | number[] } = {}): SgResult {
  const status = o.status ?? 0, host = o.host ?? 0, driver = o.driver ?? 0;
  const masked = (status >> 1) & 0x7f;
  return {
    status, maskedStatus: masked, hostStatus: host, driverStatus: driver, sense: new Uint8Array(o.sense ?? []),
    data: o.data instanceof Uint8Array ? o.data : new Uint8Array(o.data ?? []), resid: 0, durationMs: 0,
    info: masked || host || driver ? 1 : 0,
  };
}

/** Fixed-format sense data (0x70) with key/asc/ascq. */
export const fixedSense = (key: number, asc: number, ascq: number) => [0x70, 0, key, 0, 0, 0, 0, 10, 0, 0, 0, 0, asc, ascq, 0, 0, 0, 0];
/** Descriptor-format sense data (0x72). */
export const descSense = (key: number, asc: number, ascq: number) => [0x72, key, asc, ascq, 0, 0, 0, 0];
export const checkCondition = (sense: number[]) => answer({ status: 0x02, driver: 0x08, sense });

export const sgOk = (r: SgResult): IoReply => ({ op: "sg", result: r, errno: 0 });
export const sgErr = (errno: number): IoReply => ({ op: "sg", result: null, errno, errorText: `errno ${errno}` });

/** Run a program, answering each request with the next scripted reply; returns the result and the requests seen. */
export function script<T>(program: Io<T>, replies: (IoReply | ((req: IoRequest) => IoReply))[]): { value: T; requests: IoRequest[] } {
  const requests: IoRequest[] = [];
  let step = program.next();
  while (!step.done) {
    requests.push(step.value);
    const r = replies.shift();
    if (r === undefined) throw new Error(`no reply scripted for request ${requests.length}: ${JSON.stringify(step.value.op)}`);
    step = program.next(typeof r === "function" ? r(step.value) : r);
  }
  if (replies.length) throw new Error(`${replies.length} scripted replies left over`);
  return { value: step.value, requests };
}

/** Capture log lines (level >= 0 as "<level> msg", raw stderr as "raw msg"). */
export function captureLog(verbosity = 4): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  setVerbosity(verbosity);
  setLogSink((level, msg) => lines.push(level < 0 ? `raw ${msg}` : `${level} ${msg}`));
  return { lines, stop: () => (setLogSink(undefined), setVerbosity(2)) };
}
