// Runs checker and prioritizer programs (src/checkers/io.ts) synchronously
// against one path device, the way `multipath` does: one fd opened
// read-only for SG_IO and ioctls, a second with O_DIRECT for direct reads,
// both opened on first use and closed by close().
import { O_DIRECT, O_RDONLY, SysError, closeFd, errno, fstatBlockSize, libc, openFd, strerror } from "../../ffi/libc.ts";
import { ptr } from "bun:ffi";
import type { Io, IoReply, IoRequest } from "../checkers/io.ts";
import { drive } from "../checkers/io.ts";
import { abandonDirectRead, awaitDirectRead, submitDirectRead } from "./directRead.ts";
import { nvmeAdminCommand } from "./nvmeAdmin.ts";
import { sgIo } from "./sg.ts";

const BLKBSZGET = 0x80081270;
/** _IO('N', 0x40) */
const NVME_IOCTL_ID = 0x4e40;

export class PathIo {
  private fd: number | undefined;
  private directFd: number | undefined;

  constructor(readonly devnode: string) {}

  /** The path's fd; throws SysError when the node does not open. */
  open(): number {
    this.fd ??= openFd(this.devnode, O_RDONLY);
    return this.fd;
  }

  run<T>(program: Io<T>): T {
    return drive(program, (req) => this.answer(req));
  }

  /** Perform one request synchronously. */
  answer(req: IoRequest): IoReply {
    const fd = this.open();
    switch (req.op) {
      case "sg":
        try {
          return { op: "sg", result: sgIo(fd, req.cmd), errno: 0 };
        } catch (e) {
          if (e instanceof SysError) return { op: "sg", result: null, errno: e.errno, errorText: strerror(e.errno) };
          throw e;
        }
      case "blockSize": {
        const out = new Int32Array(2);
        const rc = libc.ioctl(fd, BigInt(BLKBSZGET), ptr(out));
        return rc < 0 ? { op: "blockSize", size: 0, errno: errno() } : { op: "blockSize", size: out[0]!, errno: 0 };
      }
      case "statBlockSize":
        try {
          return { op: "statBlockSize", size: fstatBlockSize(fd), errno: 0 };
        } catch (e) {
          if (e instanceof SysError) return { op: "statBlockSize", size: 0, errno: e.errno };
          throw e;
        }
      case "directRead": {
        try {
          this.directFd ??= openFd(this.devnode, O_RDONLY | O_DIRECT);
        } catch (e) {
          if (e instanceof SysError) return { op: "directRead", res: -e.errno, notSubmitted: true, timedOut: false, elapsedUs: 0 };
          throw e;
        }
        const ticket = submitDirectRead(this.directFd, req.size, req.offset);
        if (ticket < 0) return { op: "directRead", res: ticket, notSubmitted: true, timedOut: false, elapsedUs: 0 };
        const w = awaitDirectRead(ticket, req.timeoutMs);
        if (!w.timedOut) return { op: "directRead", ...w, notSubmitted: false };
        if (!req.keep) abandonDirectRead(ticket);
        return { op: "directRead", ...w, notSubmitted: false, ...(req.keep ? { ticket } : {}) };
      }
      case "directReadWait": {
        const w = awaitDirectRead(req.ticket, req.timeoutMs);
        return { op: "directReadWait", ...w, notSubmitted: false, ...(w.timedOut ? { ticket: req.ticket } : {}) };
      }
      case "ioctl": {
        const rc = libc.ioctl(fd, BigInt(req.request), ptr(req.arg));
        const err = rc < 0 ? errno() : 0;
        return { op: "ioctl", rc, errno: err, arg: req.arg, errorText: err ? strerror(err) : "" };
      }
      case "nvmeAdmin":
        return { op: "nvmeAdmin", ...nvmeAdminCommand(fd, req) };
      case "nvmeNsid": {
        const rc = libc.ioctl(fd, BigInt(NVME_IOCTL_ID), null);
        const err = rc < 0 ? errno() : 0;
        return { op: "nvmeNsid", rc, errno: err, errorText: err ? strerror(err) : "" };
      }
    }
  }

  close(): void {
    if (this.fd !== undefined) closeFd(this.fd);
    if (this.directFd !== undefined) closeFd(this.directFd);
    this.fd = this.directFd = undefined;
  }
}
