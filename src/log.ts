// Logging with upstream's verbosity levels: a message of level N is shown
// when N <= verbosity (0 errors only .. 4 trace; default 2). Deliberately
// tiny: `multipath -u` runs once per udev event and must start fast.
import { stderr } from "./cli/io.ts";

export const LOG = { ERR: 0, WARN: 1, NOTICE: 2, INFO: 3, DEBUG: 4 } as const;

type Sink = (level: number, msg: string) => void;

let verbosity = 2;
let timestamps = false;
let sink: Sink | undefined;

export function setVerbosity(v: number): void {
  verbosity = v;
}
export function getVerbosity(): number {
  return verbosity;
}
/** Prefix messages with `<monotonic s>.<usec> | ` as the C tools do on stderr. */
export function setTimestamps(on: boolean): void {
  timestamps = on;
}
/** Redirect messages (e.g. to syslog or a test buffer); undefined restores stderr. */
export function setLogSink(s: Sink | undefined): void {
  sink = s;
}

export function condlog(level: number, msg: string): void {
  if (level > verbosity) return;
  if (sink) return sink(level, msg);
  if (timestamps) {
    const t = performance.timeOrigin / 1000 + performance.now() / 1000;
    const s = Math.floor(t);
    const us = Math.floor((t - s) * 1e6);
    stderr(`${s}.${String(us).padStart(6, "0")} | ${msg}\n`);
  } else stderr(`${msg}\n`);
}
