// The uid/gid/pid of the process at the other end of a unix socket
// (SO_PEERCRED), for the daemon's rule that only root may change anything.
// Bun's socket objects have an undocumented `fd` property; this module is
// the one place that relies on it (tests/host/io/peercred.test.ts fails
// loudly if a Bun upgrade takes it away).
import { ptr } from "bun:ffi";
import { SysError, errno, libc } from "../../ffi/libc.ts";

export type PeerCred = { pid: number; uid: number; gid: number };

const SOL_SOCKET = 1;
const SO_PEERCRED = 17;

export function peerCredOfFd(fd: number): PeerCred {
  const cred = new Int32Array(3);
  const len = new Uint32Array([12]);
  if (libc.getsockopt(fd, SOL_SOCKET, SO_PEERCRED, ptr(cred), ptr(len)) < 0) {
    throw new SysError("getsockopt(SO_PEERCRED)", errno());
  }
  return { pid: cred[0]!, uid: cred[1]! >>> 0, gid: cred[2]! >>> 0 };
}

/** The fd behind a Bun.listen socket (undefined if Bun stops exposing it). */
export function socketFd(socket: object): number | undefined {
  const fd = (socket as { fd?: unknown }).fd;
  return typeof fd === "number" && fd >= 0 ? fd : undefined;
}

export function peerCred(socket: object): PeerCred | undefined {
  const fd = socketFd(socket);
  return fd === undefined ? undefined : peerCredOfFd(fd);
}
