// Logging with upstream's verbosity levels: a message of level N is shown
// when N <= verbosity (0 errors only .. 4 trace; default 2). Deliberately
// tiny: `multipath -u` runs once per udev event and must start fast.
import { stderr } from "./cli/io.ts";

export const LOG = { ERR: 0, WARN: 1, NOTICE: 2, INFO: 3, DEBUG: 4 } as const;

type Sink = (level: number, msg: string) => void;

let verbosity = 2;
let timestamps = false;
let sink: Sink | undefined;
let clockNs: (() => bigint) | undefined;

export function setVerbosity(v: number): void {
  verbosity = v;
}
export function getVerbosity(): number {
  return verbosity;
}
/** Prefix messages with `<monotonic s>.<usec> | ` as the C tools do on
 * stderr; `clock` gives CLOCK_MONOTONIC in ns (ffi/libc monotonicNs), passed
 * in so that this module stays free of FFI. */
export function setTimestamps(on: boolean, clock?: () => bigint): void {
  timestamps = on;
  clockNs = clock;
}
/** Redirect messages (e.g. to syslog or a test buffer); undefined restores stderr. */
export function setLogSink(s: Sink | undefined): void {
  sink = s;
}

export type LogEntry = { level: number; msg: string };

/** Run `fn` with its messages (those verbosity lets through) kept in `into`. */
export function withLogBuffer<T>(into: LogEntry[], fn: () => T): T {
  const prev = sink;
  sink = (level, msg) => void into.push({ level, msg });
  try {
    return fn();
  } finally {
    sink = prev;
  }
}

/** Write messages kept by withLogBuffer, in their order. */
export function replayLogs(entries: readonly LogEntry[]): void {
  for (const e of entries) e.level < 0 ? writeRaw(e.msg) : writeLog(e.level, e.msg);
}

export function condlog(level: number, msg: string): void {
  if (level > verbosity) return;
  writeLog(level, msg);
}

/** Text upstream prints on stderr itself (fprintf, perror): no level, no
 * timestamp, shown at every verbosity. A sink receives it as level -1. */
export function writeRaw(text: string): void {
  if (sink) return sink(-1, text);
  stderr(text);
}

/** Write a message that the caller has already filtered by level. */
export function writeLog(level: number, msg: string): void {
  if (sink) return sink(level, msg);
  if (timestamps && clockNs) {
    const ns = clockNs();
    const us = (ns / 1000n) % 1_000_000n;
    stderr(`${ns / 1_000_000_000n}.${String(us).padStart(6, "0")} | ${msg}\n`);
  } else stderr(`${msg}\n`);
}
