// Many checker/prioritizer programs at once from one thread: each path's
// SG_IO requests go to its /dev/sgN with the sg v3 asynchronous interface
// (write the sg_io_hdr, poll for POLLIN, read the completed header back),
// so the commands of all paths are in flight together. Requests other than
// SG_IO are answered synchronously. This is the shape the daemon's checker
// loop needs (no thread per path), and what lets `multipath -ll` and
// create check many paths in the time of one.
import { readdirSync } from "node:fs";
import { ptr } from "bun:ffi";
import { O_NONBLOCK, O_RDWR, POLLIN, closeFd, errno, libc, openFd, strerror } from "../../ffi/libc.ts";
import type { Io, IoReply, IoRequest } from "../checkers/io.ts";
import { PathIo } from "./pathIo.ts";
import { type SgCommand, buildHeader, readResult } from "./sg.ts";

const HDR_LEN = 88;
const SENSE_LEN = 32;
const EAGAIN = 11;

/** The sg node of a SCSI block device (sda -> /dev/sg0), if the sg driver is bound. */
export function sgNodeOf(dev: string, sys = "/sys"): string | undefined {
  try {
    const names = readdirSync(`${sys}/block/${dev}/device/scsi_generic`);
    return names[0] ? `/dev/${names[0]}` : undefined;
  } catch {
    return undefined;
  }
}

type InFlight = { hdr: Uint8Array; data: Uint8Array; sense: Uint8Array; cmd: SgCommand };

type Job<T> = {
  program: Io<T>;
  io: PathIo;
  sgFd?: number;
  flight?: InFlight;
  done: boolean;
  value?: T;
  error?: unknown;
};

export type ConcurrentRun<T> = {
  results: ({ value: T } | { error: unknown })[];
  /** the most SG_IO commands that were in flight at once */
  maxInFlight: number;
};

/** Run every program against its device; all SG_IO commands of different paths overlap. */
export function runConcurrently<T>(work: { dev: string; program: Io<T> }[]): ConcurrentRun<T> {
  const jobs: Job<T>[] = work.map((w) => {
    const job: Job<T> = { program: w.program, io: new PathIo(`/dev/${w.dev}`), done: false };
    const sgNode = sgNodeOf(w.dev);
    if (sgNode) {
      try {
        job.sgFd = openFd(sgNode, O_RDWR | O_NONBLOCK);
      } catch {
        /* no sg node: this path's commands go through SG_IO on the block device */
      }
    }
    return job;
  });
  let maxInFlight = 0;
  const inFlight = () => jobs.filter((j) => j.flight).length;

  /** Feed `reply` to a job and run it until it waits for an sg completion or ends. */
  const advance = (job: Job<T>, reply: IoReply | undefined) => {
    try {
      let step = reply === undefined ? job.program.next() : job.program.next(reply);
      for (;;) {
        if (step.done) {
          job.done = true;
          job.value = step.value;
          return;
        }
        const req: IoRequest = step.value;
        if (req.op === "sg" && job.sgFd !== undefined) {
          const data = req.cmd.data ?? new Uint8Array(req.cmd.dataLength ?? 0);
          const sense = new Uint8Array(req.cmd.senseLength ?? SENSE_LEN);
          const hdr = buildHeader(req.cmd, data, sense);
          if (Number(libc.write(job.sgFd, ptr(hdr), BigInt(HDR_LEN))) === HDR_LEN) {
            job.flight = { hdr, data, sense, cmd: req.cmd };
            return;
          }
          const err = errno();
          step = job.program.next({ op: "sg", result: null, errno: err, errorText: strerror(err) });
          continue;
        }
        let reply: IoReply;
        try {
          reply = job.io.answer(req);
        } catch (e) {
          step = job.program.throw(e);
          continue;
        }
        step = job.program.next(reply);
      }
    } catch (e) {
      job.done = true;
      job.error = e;
    }
  };

  for (const job of jobs) advance(job, undefined);
  maxInFlight = inFlight();
  while (jobs.some((j) => j.flight)) {
    const waiting = jobs.filter((j) => j.flight);
    const pfds = new Int32Array(waiting.length * 2);
    waiting.forEach((j, i) => {
      pfds[2 * i] = j.sgFd!;
      pfds[2 * i + 1] = POLLIN; // events (low 16 bits), revents (high) cleared
    });
    // the kernel times the commands out itself; the cap only guards against a lost completion
    const capMs = Math.max(...waiting.map((j) => j.flight!.cmd.timeoutMs)) + 5000;
    if (libc.poll(ptr(pfds), BigInt(waiting.length), capMs) <= 0) {
      for (const j of waiting) {
        j.flight = undefined;
        advance(j, { op: "sg", result: null, errno: 62, errorText: strerror(62) }); // ETIME
      }
      continue;
    }
    waiting.forEach((j, i) => {
      const revents = pfds[2 * i + 1]! >>> 16;
      if (!(revents & POLLIN)) return;
      const f = j.flight!;
      const back = new Uint8Array(HDR_LEN);
      const n = Number(libc.read(j.sgFd!, ptr(back), BigInt(HDR_LEN)));
      if (n !== HDR_LEN && errno() === EAGAIN) return;
      j.flight = undefined;
      advance(j, n === HDR_LEN
        ? { op: "sg", result: readResult(back, f.data, f.sense), errno: 0 }
        : { op: "sg", result: null, errno: errno(), errorText: strerror(errno()) });
    });
    maxInFlight = Math.max(maxInFlight, inFlight());
  }
  for (const j of jobs) {
    if (j.sgFd !== undefined) closeFd(j.sgFd);
    j.io.close();
  }
  return { results: jobs.map((j) => (j.error !== undefined ? { error: j.error } : { value: j.value as T })), maxInFlight };
}
