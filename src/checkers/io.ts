// Checkers and prioritizers are written as generators that yield the I/O
// they need and receive its outcome: the decoding stays pure (tests drive a
// generator with constructed answers), and the caller chooses how to do the
// I/O: synchronously for `multipath` (src/io/pathIo.ts), or, in the daemon,
// many at once from one loop (sg v3 write/poll/read on /dev/sgN, Linux AIO
// for direct reads) without a thread per path.
import type { SgCommand, SgResult } from "../io/sg.ts";

export type IoRequest =
  | { op: "sg"; cmd: SgCommand }
  /** BLKBSZGET on the path's block device */
  | { op: "blockSize" }
  /** st_blksize of the device node (fstat) */
  | { op: "statBlockSize" }
  /** an O_DIRECT read waited for up to timeoutMs; with `keep`, a read that
   * times out stays in flight and its reply carries a ticket to wait on */
  | { op: "directRead"; size: number; offset: number; timeoutMs: number; keep?: boolean }
  /** wait again for a kept read */
  | { op: "directReadWait"; ticket: number; timeoutMs: number }
  /** a raw ioctl with an in/out argument buffer (cciss) */
  | { op: "ioctl"; request: number; arg: Uint8Array }
  /** an NVMe admin command (NVME_IOCTL_ADMIN_CMD) reading dataLength bytes */
  | { op: "nvmeAdmin"; opcode: number; nsid: number; cdw: [number, number, number, number, number, number]; dataLength: number }
  /** NVME_IOCTL_ID: the namespace id of the path's block device */
  | { op: "nvmeNsid" };

export type SgReply = { op: "sg"; result: SgResult; errno: 0 } | { op: "sg"; result: null; errno: number; /** strerror(errno) */ errorText: string };
/** size 0 and errno set when the ioctl failed */
export type BlockSizeReply = { op: "blockSize" | "statBlockSize"; size: number; errno: number };
export type ReadReply = {
  op: "directRead" | "directReadWait";
  /** bytes read; -errno when the read failed */
  res: number;
  /** the read could not be started (errno set) */
  notSubmitted: boolean;
  timedOut: boolean;
  /** wall time the read took, microseconds (CLOCK_MONOTONIC) */
  elapsedUs: number;
  /** a kept read that timed out: wait for it with directReadWait */
  ticket?: number;
};
export type IoctlReply = { op: "ioctl"; rc: number; errno: number; arg: Uint8Array; /** strerror(errno) */ errorText: string };
/** rc < 0: the ioctl failed (errno, errorText); rc > 0: NVMe status */
export type NvmeAdminReply = { op: "nvmeAdmin"; rc: number; errno: number; errorText: string; data: Uint8Array };
/** the nsid, or rc < 0 with errno */
export type NvmeNsidReply = { op: "nvmeNsid"; rc: number; errno: number; errorText: string };
export type IoReply = SgReply | BlockSizeReply | ReadReply | IoctlReply | NvmeAdminReply | NvmeNsidReply;

/** A check or priority computation: yields requests, returns T. */
export type Io<T> = Generator<IoRequest, T, IoReply>;

function expect<K extends IoReply["op"]>(r: IoReply, ...ops: K[]): Extract<IoReply, { op: K }> {
  if (!(ops as string[]).includes(r.op)) throw new Error(`checker I/O protocol: expected ${ops.join("/")}, got ${r.op}`);
  return r as Extract<IoReply, { op: K }>;
}

export function* sg(cmd: SgCommand): Io<SgReply> {
  return expect(yield { op: "sg", cmd }, "sg");
}
export function* blockSize(): Io<BlockSizeReply> {
  return expect(yield { op: "blockSize" }, "blockSize");
}
export function* statBlockSize(): Io<BlockSizeReply> {
  return expect(yield { op: "statBlockSize" }, "statBlockSize");
}
export function* directRead(size: number, offset: number, timeoutMs: number, keep = false): Io<ReadReply> {
  return expect(yield { op: "directRead", size, offset, timeoutMs, ...(keep ? { keep } : {}) }, "directRead");
}
export function* directReadWait(ticket: number, timeoutMs: number): Io<ReadReply> {
  return expect(yield { op: "directReadWait", ticket, timeoutMs }, "directReadWait");
}
export function* ioctl(request: number, arg: Uint8Array): Io<IoctlReply> {
  return expect(yield { op: "ioctl", request, arg }, "ioctl");
}

export function* nvmeAdmin(opcode: number, nsid: number, cdw: [number, number, number, number, number, number], dataLength: number): Io<NvmeAdminReply> {
  return expect(yield { op: "nvmeAdmin", opcode, nsid, cdw, dataLength }, "nvmeAdmin");
}
export function* nvmeNsid(): Io<NvmeNsidReply> {
  return expect(yield { op: "nvmeNsid" }, "nvmeNsid");
}

/** A program that needs no I/O. */
export function* pure<T>(value: T): Io<T> {
  return value;
}

/**
 * Drive a program with a function that answers each request: the sync
 * runner passes real I/O, tests pass canned answers. An answer that throws
 * is thrown into the program.
 */
export function drive<T>(program: Io<T>, answer: (req: IoRequest) => IoReply): T {
  let step = program.next();
  while (!step.done) {
    let reply: IoReply;
    try {
      reply = answer(step.value);
    } catch (e) {
      // the program may handle the failure (a node that does not open)
      step = program.throw(e);
      continue;
    }
    step = program.next(reply);
  }
  return step.value;
}
