// Loop devices for image files: find the one already backing a file, or
// attach a free one (LOOP_CTL_GET_FREE + LOOP_CONFIGURE), and detach.
import { readFileSync, readdirSync, realpathSync } from "node:fs";
import { O_RDONLY, O_RDWR, closeFd, ioctlBuf, ioctlVal, openFd } from "../../ffi/libc.ts";

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

export function attachLoop(file: string, opts: { readOnly?: boolean; autoclear?: boolean } = {}): string {
  const ctl = openFd("/dev/loop-control", O_RDWR);
  let n: number;
  try {
    n = ioctlVal(ctl, LOOP_CTL_GET_FREE, 0, "LOOP_CTL_GET_FREE");
  } finally {
    closeFd(ctl);
  }
  const dev = `/dev/loop${n}`;
  const backing = openFd(file, opts.readOnly ? O_RDONLY : O_RDWR);
  try {
    const loopFd = openFd(dev, opts.readOnly ? O_RDONLY : O_RDWR);
    try {
      const cfg = new Uint8Array(LOOP_CONFIG_SIZE);
      const v = new DataView(cfg.buffer);
      v.setUint32(0, backing, true);
      v.setUint32(LO_FLAGS_OFFSET, (opts.readOnly ? LO_FLAGS_READ_ONLY : 0) | (opts.autoclear ? LO_FLAGS_AUTOCLEAR : 0), true);
      cfg.set(Buffer.from(realpathSync(file)).subarray(0, 63), LO_FILE_NAME_OFFSET);
      ioctlBuf(loopFd, LOOP_CONFIGURE, cfg, `LOOP_CONFIGURE ${dev}`);
    } finally {
      closeFd(loopFd);
    }
  } finally {
    closeFd(backing); // the loop device holds its own reference
  }
  return dev;
}

export function detachLoop(dev: string): void {
  const fd = openFd(dev, O_RDONLY);
  try {
    ioctlVal(fd, LOOP_CLR_FD, 0, `LOOP_CLR_FD ${dev}`);
  } finally {
    closeFd(fd);
  }
}
