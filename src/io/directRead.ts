// O_DIRECT reads with a timeout, on one AIO context shared by all paths (as
// upstream's aio groups). A read that times out stays registered, with its
// buffers referenced, until its completion arrives: the kernel still owns
// them. Nothing here blocks longer than the caller's timeout.
import { ptr } from "bun:ffi";
import { IOCB_SIZE, ioCancel, ioGetEvents, ioSetup, ioSubmitOne, prepRead } from "../../ffi/aio.ts";
import { monotonicNs } from "../../ffi/libc.ts";

const MAX_IN_FLIGHT = 1024;
const ALIGN = 4096;

type Pending = { iocb: Uint8Array; buf: Uint8Array; res?: number; orphan?: boolean };

let ctx: bigint | undefined;
let nextId = 1n;
const inFlight = new Map<bigint, Pending>();

function context(): bigint {
  ctx ??= ioSetup(MAX_IN_FLIGHT);
  return ctx;
}

function collect(waitMs: number): void {
  for (const ev of ioGetEvents(context(), 128, waitMs)) {
    const p = inFlight.get(ev.data);
    if (!p) continue;
    if (p.orphan) inFlight.delete(ev.data);
    else p.res = ev.res;
  }
}

export type DirectReadResult = { res: number; notSubmitted: boolean; timedOut: boolean; elapsedUs: number };

/** Read `size` bytes at `offset` from `fd` (opened with O_DIRECT). res is bytes read or -errno. */
export function directReadWithTimeout(fd: number, size: number, offset: number, timeoutMs: number): DirectReadResult {
  const t0 = monotonicNs();
  const buf = new Uint8Array(size + ALIGN);
  const pad = (ALIGN - (ptr(buf) % ALIGN)) % ALIGN;
  const iocb = new Uint8Array(IOCB_SIZE);
  const id = nextId++;
  prepRead(iocb, fd, buf, pad, size, offset, id);
  const pending: Pending = { iocb, buf };
  inFlight.set(id, pending);
  const rc = ioSubmitOne(context(), iocb);
  if (rc !== 1) {
    inFlight.delete(id);
    return { res: rc, notSubmitted: true, timedOut: false, elapsedUs: 0 };
  }
  const deadline = t0 + BigInt(timeoutMs) * 1_000_000n;
  for (;;) {
    const left = deadline - monotonicNs();
    collect(left > 0n ? Number(left / 1_000_000n) : 0);
    if (pending.res !== undefined) {
      inFlight.delete(id);
      return { res: pending.res, notSubmitted: false, timedOut: false, elapsedUs: Number((monotonicNs() - t0) / 1000n) };
    }
    if (monotonicNs() >= deadline) {
      ioCancel(context(), iocb); // usually refused; the entry stays until the read completes
      pending.orphan = true;
      return { res: 0, notSubmitted: false, timedOut: true, elapsedUs: Number((monotonicNs() - t0) / 1000n) };
    }
  }
}
