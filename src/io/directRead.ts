// O_DIRECT reads with a timeout, on one AIO context shared by all paths (as
// upstream's aio groups). A read is a ticket: submit it, wait for it as long
// as the caller allows, wait again later (the directio checker keeps one
// read per path in flight across checks, as upstream), or abandon it. The
// kernel owns the buffers until completion, so a ticket's buffers stay
// referenced until its event arrives. Nothing here blocks longer than asked.
import { ptr } from "bun:ffi";
import { IOCB_SIZE, ioCancel, ioGetEvents, ioSetup, ioSubmitOne, prepRead } from "../../ffi/aio.ts";
import { monotonicNs } from "../../ffi/libc.ts";

const MAX_IN_FLIGHT = 1024;
const ALIGN = 4096;

type Read = { iocb: Uint8Array; buf: Uint8Array; startNs: bigint; res?: number; doneNs?: bigint; abandoned?: boolean };

let ctx: bigint | undefined;
let nextId = 1;
const reads = new Map<number, Read>();

function context(): bigint {
  ctx ??= ioSetup(MAX_IN_FLIGHT);
  return ctx;
}

function collect(waitMs: number): void {
  for (const ev of ioGetEvents(context(), 128, waitMs)) {
    const id = Number(ev.data);
    const r = reads.get(id);
    if (!r) continue;
    if (r.abandoned) reads.delete(id);
    else {
      r.res = ev.res;
      r.doneNs = monotonicNs();
    }
  }
}

/** Queue a read of `size` bytes at `offset` from `fd` (opened with O_DIRECT): a ticket, or -errno. */
export function submitDirectRead(fd: number, size: number, offset: number): number {
  const buf = new Uint8Array(size + ALIGN);
  const pad = (ALIGN - (ptr(buf) % ALIGN)) % ALIGN;
  const iocb = new Uint8Array(IOCB_SIZE);
  const id = nextId++;
  prepRead(iocb, fd, buf, pad, size, offset, BigInt(id));
  reads.set(id, { iocb, buf, startNs: monotonicNs() });
  const rc = ioSubmitOne(context(), iocb);
  if (rc !== 1) {
    reads.delete(id);
    return rc < 0 ? rc : -11;
  }
  return id;
}

export type ReadWait = { res: number; timedOut: boolean; elapsedUs: number };

/** Wait up to timeoutMs for a ticket. Once it completed, the ticket is spent. */
export function awaitDirectRead(ticket: number, timeoutMs: number): ReadWait {
  const r = reads.get(ticket);
  if (!r) return { res: -2, timedOut: false, elapsedUs: 0 }; // unknown ticket: ENOENT
  const deadline = monotonicNs() + BigInt(Math.max(0, timeoutMs)) * 1_000_000n;
  for (;;) {
    if (r.res !== undefined) {
      reads.delete(ticket);
      return { res: r.res, timedOut: false, elapsedUs: Number((r.doneNs! - r.startNs) / 1000n) };
    }
    const left = deadline - monotonicNs();
    if (left <= 0n) return { res: 0, timedOut: true, elapsedUs: Number((monotonicNs() - r.startNs) / 1000n) };
    collect(Number((left + 999_999n) / 1_000_000n));
  }
}

/** Give up on a ticket: try to cancel (block devices usually refuse), free it when it completes. */
export function abandonDirectRead(ticket: number): void {
  const r = reads.get(ticket);
  if (!r) return;
  ioCancel(context(), r.iocb);
  r.abandoned = true;
}
