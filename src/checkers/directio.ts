// The directio checker: read the first block with O_DIRECT.
import { ptr } from "bun:ffi";
import { O_DIRECT, O_RDONLY, closeFd, libc, openFd } from "../../ffi/libc.ts";
import type { CheckResult } from "./state.ts";

export const DIRECTIO_MESSAGES = {
  up: "directio checker reports path is up",
  down: "directio checker reports path is down",
};

export function directioCheck(devnode: string, blockSize = 4096): CheckResult {
  let fd: number;
  try {
    fd = openFd(devnode, O_RDONLY | O_DIRECT);
  } catch {
    return { state: "down", message: DIRECTIO_MESSAGES.down };
  }
  try {
    // O_DIRECT wants an aligned buffer: carve one out of a larger one
    const raw = new Uint8Array(2 * blockSize);
    const p = ptr(raw);
    const off = (blockSize - (p % blockSize)) % blockSize;
    const n = Number(libc.pread(fd, ptr(raw, off), BigInt(blockSize), 0n));
    return n === blockSize ? { state: "up", message: DIRECTIO_MESSAGES.up } : { state: "down", message: DIRECTIO_MESSAGES.down };
  } finally {
    closeFd(fd);
  }
}
