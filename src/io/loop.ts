// Loop devices for image files: find the one already backing a file, or
// attach a free one (LOOP_CTL_GET_FREE + LOOP_CONFIGURE), and detach.
import { readFileSync, readdirSync, realpathSync } from "node:fs";
import { O_RDONLY, O_RDWR, SysError, closeFd, ioctlBuf, ioctlVal, openFd } from "../../ffi/libc.ts";

const LOOP_CTL_GET_FREE = 0x4c82;
const LOOP_CONFIGURE = 0x4c0a;
const LOOP_CLR_FD = 0x4c01;
const LO_FLAGS_READ_ONLY = 1;
const LO_FLAGS_AUTOCLEAR = 4;
// struct loop_config { __u32 fd; __u32 block_size; struct loop_info64 info; __u64 __reserved[8]; }
const LOOP_CONFIG_SIZE = 8 + 232 + 64;
const INFO_OFFSET = 8;
const LO_FLAGS_OFFSET = INFO_OFFSET + 52; // loop_info64.lo_flags
const LO_FILE_NAME_OFFSET = INFO_OFFSET + 56; // loop_info64.lo_file_name[64]

/** The loop device backing `file` (its realpath), if any. */
export function findLoopForFile(file: string, sys = "/sys"): string | undefined {
  const target = realpathSync(file);
  for (const dev of readdirSync(`${sys}/block`).filter((d) => d.startsWith("loop")).sort()) {
    try {
      const backing = readFileSync(`${sys}/block/${dev}/loop/backing_file`, "utf8").trim();
      if (backing === target) return `/dev/${dev}`;
    } catch {
      /* unbound loop device */
    }
  }
  return undefined;
}

const EROFS = 30, EACCES = 13, EBUSY = 16;

/** Attach a free loop device to `file`. With `fallbackReadOnly` a file that
 * cannot be opened for writing (EROFS, EACCES) is attached read-only; the
 * device's `ro` attribute then says so. */
export function attachLoop(file: string, opts: { readOnly?: boolean; autoclear?: boolean; fallbackReadOnly?: boolean } = {}): string {
  // the backing file first, as upstream: its errors come before the loop search's
  let readOnly = opts.readOnly ?? false;
  let backing: number;
  try {
    backing = openFd(file, readOnly ? O_RDONLY : O_RDWR);
  } catch (e) {
    if (readOnly || !opts.fallbackReadOnly || !(e instanceof SysError) || (e.errno !== EROFS && e.errno !== EACCES)) throw e;
    readOnly = true;
    backing = openFd(file, O_RDONLY);
  }
  try {
    const ctl = openFd("/dev/loop-control", O_RDWR);
    let n: number;
    try {
      n = ioctlVal(ctl, LOOP_CTL_GET_FREE, 0, "LOOP_CTL_GET_FREE");
    } finally {
      closeFd(ctl);
    }
    const dev = `/dev/loop${n}`;
    const loopFd = openFd(dev, readOnly ? O_RDONLY : O_RDWR);
    try {
      const cfg = new Uint8Array(LOOP_CONFIG_SIZE);
      const v = new DataView(cfg.buffer);
      v.setUint32(0, backing, true);
      v.setUint32(LO_FLAGS_OFFSET, (readOnly ? LO_FLAGS_READ_ONLY : 0) | (opts.autoclear ? LO_FLAGS_AUTOCLEAR : 0), true);
      cfg.set(Buffer.from(realpathSync(file)).subarray(0, 63), LO_FILE_NAME_OFFSET);
      ioctlBuf(loopFd, LOOP_CONFIGURE, cfg, `LOOP_CONFIGURE ${dev}`);
    } finally {
      closeFd(loopFd);
    }
    return dev;
  } finally {
    closeFd(backing); // the loop device holds its own reference
  }
}

/** Detach; a busy device is retried `retries` times a second apart. */
export function detachLoop(dev: string, opts: { retries?: number; onRetry?: () => void } = {}): void {
  const fd = openFd(dev, O_RDONLY);
  try {
    for (let left = opts.retries ?? 0; ; left--) {
      try {
        ioctlVal(fd, LOOP_CLR_FD, 0, "ioctl: LOOP_CLR_FD");
        return;
      } catch (e) {
        if (!(e instanceof SysError) || e.errno !== EBUSY || left <= 0) throw e;
        opts.onRetry?.();
        Bun.sleepSync(1000);
      }
    }
  } finally {
    closeFd(fd);
  }
}
