// Linux native AIO through raw syscalls (what libaio wraps): io_setup,
// io_submit, io_getevents, io_cancel. The directio checker and the
// path_latency prioritizer read with O_DIRECT and must be able to give up
// after a timeout without a thread per read. x86_64 syscall numbers; the
// iocb and io_event layouts are linux/aio_abi.h's.
import { dlopen, FFIType, ptr } from "bun:ffi";
import { errno } from "./libc.ts";

const { i64 } = FFIType;

const sys = dlopen("libc.so.6", {
  // syscall(2) is variadic; integer arguments travel in the same registers
  syscall: { args: [i64, i64, i64, i64, i64, i64], returns: i64 },
}).symbols;

const SYS_IO_SETUP = 206n, SYS_IO_GETEVENTS = 208n, SYS_IO_SUBMIT = 209n, SYS_IO_CANCEL = 210n;
const IOCB_CMD_PREAD = 0;
export const IOCB_SIZE = 64;
export const IO_EVENT_SIZE = 32;

const p64 = (a: NodeJS.TypedArray) => BigInt(ptr(a));

/** A new AIO context for up to `nr` requests in flight; throws with errno on failure. */
export function ioSetup(nr: number): bigint {
  const ctx = new BigUint64Array(1);
  const rc = sys.syscall(SYS_IO_SETUP, BigInt(nr), p64(ctx), 0n, 0n, 0n);
  if (rc < 0n) throw Object.assign(new Error(`io_setup: errno ${errno()}`), { errno: errno() });
  return ctx[0]!;
}

/** Fill an iocb for a read of `len` bytes at `offset` into `buf`, tagged with `data`. */
export function prepRead(iocb: Uint8Array, fd: number, buf: Uint8Array, bufOffset: number, len: number, offset: number, data: bigint): void {
  iocb.fill(0);
  const v = new DataView(iocb.buffer, iocb.byteOffset, IOCB_SIZE);
  v.setBigUint64(0, data, true);
  v.setUint16(16, IOCB_CMD_PREAD, true);
  v.setUint32(20, fd, true);
  v.setBigUint64(24, BigInt(ptr(buf, bufOffset)), true);
  v.setBigUint64(32, BigInt(len), true);
  v.setBigInt64(40, BigInt(offset), true);
}

/** Submit one iocb; 1 on success, else -errno. */
export function ioSubmitOne(ctx: bigint, iocb: Uint8Array): number {
  const list = new BigUint64Array([BigInt(ptr(iocb))]);
  const rc = sys.syscall(SYS_IO_SUBMIT, ctx, 1n, p64(list), 0n, 0n, 0n);
  return rc < 0n ? -errno() : Number(rc);
}

export type IoEvent = { data: bigint; res: number; res2: number };

/** Wait up to timeoutMs for at least one completion; [] on timeout. */
export function ioGetEvents(ctx: bigint, max: number, timeoutMs: number): IoEvent[] {
  const events = new Uint8Array(IO_EVENT_SIZE * max);
  const ts = new BigInt64Array([BigInt(Math.floor(timeoutMs / 1000)), BigInt((timeoutMs % 1000) * 1_000_000)]);
  let rc: bigint;
  do rc = sys.syscall(SYS_IO_GETEVENTS, ctx, 1n, BigInt(max), p64(events), p64(ts), 0n);
  while (rc < 0n && errno() === 4); // EINTR
  const out: IoEvent[] = [];
  const v = new DataView(events.buffer);
  for (let i = 0; i < Number(rc > 0n ? rc : 0n); i++) {
    out.push({ data: v.getBigUint64(i * IO_EVENT_SIZE, true), res: Number(v.getBigInt64(i * IO_EVENT_SIZE + 16, true)), res2: Number(v.getBigInt64(i * IO_EVENT_SIZE + 24, true)) });
  }
  return out;
}

/** Try to cancel a request (block devices usually refuse: the read then completes later). */
export function ioCancel(ctx: bigint, iocb: Uint8Array): void {
  const ev = new Uint8Array(IO_EVENT_SIZE);
  sys.syscall(SYS_IO_CANCEL, ctx, BigInt(ptr(iocb)), p64(ev), 0n, 0n, 0n);
}
