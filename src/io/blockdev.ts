// Block device facts through ioctls: size in bytes and logical sector size.
import { O_RDONLY, closeFd, ioctlBuf, openFd } from "../../ffi/libc.ts";

const BLKSSZGET = 0x1268;
const BLKGETSIZE64 = 0x80081272;

export type BlockGeometry = { sizeBytes: bigint; sectorSize: number };

export function blockGeometry(devnode: string): BlockGeometry {
  const fd = openFd(devnode, O_RDONLY);
  try {
    const size = new BigUint64Array(1);
    ioctlBuf(fd, BLKGETSIZE64, size, `BLKGETSIZE64 ${devnode}`);
    const ssz = new Int32Array(1);
    ioctlBuf(fd, BLKSSZGET, ssz, `BLKSSZGET ${devnode}`);
    return { sizeBytes: size[0]!, sectorSize: ssz[0]! };
  } finally {
    closeFd(fd);
  }
}
