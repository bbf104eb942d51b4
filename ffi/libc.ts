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

export function pointerOf(buf: NodeJS.TypedArray): Pointer {
  return ptr(buf);
}
