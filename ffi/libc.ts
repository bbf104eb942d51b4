// Raw libc bindings (x86_64 glibc). Only ffi/ and the adapters in src/io/
// may import this: it deals in pointers and file descriptors.
import { dlopen, FFIType, ptr, read, type Pointer } from "bun:ffi";

const { i32, u32, i64, u64, ptr: P, cstring } = FFIType;
const usize = FFIType.u64;

export const libc = dlopen("libc.so.6", {
  open: { args: [P, i32, u32], returns: i32 },
  close: { args: [i32], returns: i32 },
  read: { args: [i32, P, usize], returns: i64 },
  write: { args: [i32, P, usize], returns: i64 },
  pread: { args: [i32, P, usize, i64], returns: i64 },
  // ioctl is variadic; on x86_64 a pointer and an integer travel alike.
  ioctl: { args: [i32, u64, P], returns: i32 },
  poll: { args: [P, u64, i32], returns: i32 },
  eventfd: { args: [u32, i32], returns: i32 },
  clock_gettime: { args: [i32, P], returns: i32 },
  getsockopt: { args: [i32, i32, i32, P, P], returns: i32 },
  __errno_location: { args: [], returns: P },
  strerror: { args: [i32], returns: cstring },
  getuid: { args: [], returns: u32 },
  geteuid: { args: [], returns: u32 },
  getpid: { args: [], returns: i32 },
  fstat: { args: [i32, P], returns: i32 },
}).symbols;

// bun:ffi binds one symbol name once; ioctl_int is ioctl with an integer
// third argument, bound through a second dlopen of the same symbol.
const ioctlInt = dlopen("libc.so.6", {
  ioctl: { args: [i32, u64, u64], returns: i32 },
}).symbols.ioctl;

export function errno(): number {
  const p = libc.__errno_location();
  return p ? read.i32(p, 0) : 0;
}

export function strerror(err: number): string {
  return String(libc.strerror(err));
}

/** An OS error with the operation that failed and errno. */
export class SysError extends Error {
  constructor(
    readonly op: string,
    readonly errno: number,
  ) {
    super(`${op}: ${strerror(errno)} (errno ${errno})`);
    this.name = "SysError";
  }
}

export const O_RDONLY = 0;
export const O_WRONLY = 1;
export const O_RDWR = 2;
export const O_NONBLOCK = 0o4000;
export const O_CLOEXEC = 0o2000000;
export const O_DIRECT = 0o40000;
export const O_EXCL = 0o200;

export function cstr(s: string): Buffer {
  return Buffer.from(s + "\0");
}

export function openFd(path: string, flags: number, mode = 0): number {
  const fd = libc.open(cstr(path), flags | O_CLOEXEC, mode);
  if (fd < 0) throw new SysError(`open ${path}`, errno());
  return fd;
}

export function closeFd(fd: number): void {
  libc.close(fd);
}

/** ioctl with a buffer argument; throws SysError on failure. */
export function ioctlBuf(fd: number, request: number, buf: NodeJS.TypedArray, what: string): number {
  const rc = libc.ioctl(fd, BigInt(request), ptr(buf));
  if (rc < 0) throw new SysError(what, errno());
  return rc;
}

/** ioctl with an integer argument (or none); throws SysError on failure. */
export function ioctlVal(fd: number, request: number, value: number | bigint, what: string): number {
  const rc = ioctlInt(fd, BigInt(request), BigInt(value));
  if (rc < 0) throw new SysError(what, errno());
  return rc;
}

/** CLOCK_MONOTONIC in nanoseconds: comparable across threads, unlike process.hrtime in Bun. */
export function monotonicNs(): bigint {
  const ts = new BigInt64Array(2);
  libc.clock_gettime(1, ptr(ts));
  return ts[0]! * 1_000_000_000n + ts[1]!;
}

/** st_blksize of an open file (x86_64 struct stat: 144 bytes, st_blksize at 56). */
export function fstatBlockSize(fd: number): number {
  const st = new BigInt64Array(18);
  if (libc.fstat(fd, ptr(st)) < 0) throw new SysError("fstat", errno());
  return Number(st[7]!);
}

export function pointerOf(buf: NodeJS.TypedArray): Pointer {
  return ptr(buf);
}

export const EFD_NONBLOCK = 0o4000;
export const EFD_CLOEXEC = 0o2000000;
export const POLLIN = 0x1;
export const POLLOUT = 0x4;
export const POLLERR = 0x8;
export const POLLHUP = 0x10;

/** eventfd counter: add 1 (wakes a poller). */
export function eventfdSignal(fd: number): void {
  const one = new BigUint64Array([1n]);
  libc.write(fd, ptr(one), 8n);
}

/** eventfd counter: read and reset (non-blocking fd). */
export function eventfdDrain(fd: number): void {
  const buf = new BigUint64Array(1);
  libc.read(fd, ptr(buf), 8n);
}

const pipeLib = dlopen("libc.so.6", {
  pipe2: { args: [FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
  socketpair: { args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr], returns: FFIType.i32 },
}).symbols;

/** A non-blocking pipe: [read end, write end]. */
export function pipe(): [number, number] {
  const fds = new Int32Array(2);
  if (pipeLib.pipe2(ptr(fds), O_NONBLOCK | O_CLOEXEC) < 0) throw new SysError("pipe2", errno());
  return [fds[0]!, fds[1]!];
}

/** A connected pair of AF_UNIX datagram sockets. */
export function datagramPair(): [number, number] {
  const fds = new Int32Array(2);
  // AF_UNIX=1, SOCK_DGRAM=2 | SOCK_NONBLOCK | SOCK_CLOEXEC
  if (pipeLib.socketpair(1, 2 | O_NONBLOCK | O_CLOEXEC, 0, ptr(fds)) < 0) throw new SysError("socketpair", errno());
  return [fds[0]!, fds[1]!];
}

const fsLib = dlopen("libc.so.6", {
  flock: { args: [FFIType.i32, FFIType.i32], returns: FFIType.i32 },
  fsync: { args: [FFIType.i32], returns: FFIType.i32 },
}).symbols;

export const LOCK_EX = 2;
export const LOCK_UN = 8;

export function flock(fd: number, op: number, what: string): void {
  if (fsLib.flock(fd, op) < 0) throw new SysError(`flock ${what}`, errno());
}

export function fsync(fd: number, what: string): void {
  if (fsLib.fsync(fd) < 0) throw new SysError(`fsync ${what}`, errno());
}

// finit_module(2) has no glibc wrapper: syscall(2), whose variadic integer
// arguments travel in the same registers as fixed ones on x86_64.
const SYS_finit_module = 313;
const sysLib = dlopen("libc.so.6", {
  syscall: { args: [FFIType.i64, FFIType.i64, FFIType.ptr, FFIType.i64], returns: FFIType.i64 },
}).symbols;

/** Load the kernel module in the open file `fd`; throws SysError (EEXIST when it is loaded already). */
export function finitModule(fd: number, params: string, flags: number, what: string): void {
  if (Number(sysLib.syscall(SYS_finit_module, fd, cstr(params), flags)) < 0) throw new SysError(`finit_module ${what}`, errno());
}
