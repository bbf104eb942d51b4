// Block device facts through ioctls (size, logical sector size, DASD info,
// disk geometry) and direct reads that bypass the page cache, as kpartx
// reads partition tables.
import { O_DIRECT, O_RDONLY, closeFd, errno, ioctlBuf, libc, openFd, pointerOf } from "../../ffi/libc.ts";
import type { DasdInfo, Geometry } from "../partitions/dasd.ts";

const BLKSSZGET = 0x1268;
const BLKGETSIZE64 = 0x80081272;
const HDIO_GETGEO = 0x0301;
// _IOR('D', 1, dasd_information_t): a 376-byte struct
const BIODASDINFO = (2 << 30) | (376 << 16) | (0x44 << 8) | 1;

export type BlockGeometry = { sizeBytes: bigint; sectorSize: number };

function geometryOf(fd: number, what: string): BlockGeometry {
  const size = new BigUint64Array(1);
  ioctlBuf(fd, BLKGETSIZE64, size, `BLKGETSIZE64 ${what}`);
  const ssz = new Int32Array(1);
  // upstream falls back to 512 when BLKSSZGET fails
  const rc = libc.ioctl(fd, BigInt(BLKSSZGET), pointerOf(ssz));
  return { sizeBytes: size[0]!, sectorSize: rc === 0 && ssz[0]! > 0 ? ssz[0]! : 512 };
}

export function blockGeometry(devnode: string): BlockGeometry {
  const fd = openFd(devnode, O_RDONLY);
  try {
    return geometryOf(fd, devnode);
  } finally {
    closeFd(fd);
  }
}

const ALIGN = 4096;

/** An open block device read with O_DIRECT (buffers aligned here). */
export class BlockDevice {
  private constructor(private fd: number, readonly path: string, readonly sizeBytes: bigint, readonly sectorSize: number) {}

  static open(path: string): BlockDevice {
    let fd: number;
    try {
      fd = openFd(path, O_RDONLY | O_DIRECT);
    } catch {
      fd = openFd(path, O_RDONLY); // a filesystem or device without O_DIRECT
    }
    try {
      const g = geometryOf(fd, path);
      return new BlockDevice(fd, path, g.sizeBytes, g.sectorSize);
    } catch (e) {
      closeFd(fd);
      throw e;
    }
  }

  /** pread of whole sectors into `into`: bytes read (0 at the end), -1 on error. */
  pread(offset: bigint, into: Uint8Array): number {
    const len = Math.ceil(into.length / this.sectorSize) * this.sectorSize;
    const raw = new Uint8Array(len + ALIGN);
    const skew = Number(BigInt(pointerOf(raw)) % BigInt(ALIGN));
    const buf = raw.subarray(skew === 0 ? 0 : ALIGN - skew, (skew === 0 ? 0 : ALIGN - skew) + len);
    const n = Number(libc.pread(this.fd, pointerOf(buf), BigInt(len), offset));
    if (n < 0) return -1;
    into.set(buf.subarray(0, Math.min(n, into.length)));
    return Math.min(n, into.length);
  }

  /** BIODASDINFO, or null when the device is no DASD. */
  dasdInfo(): DasdInfo | null {
    const b = new Uint8Array(376);
    if (libc.ioctl(this.fd, BigInt(BIODASDINFO), pointerOf(b)) !== 0) return null;
    const v = new DataView(b.buffer);
    return { type: Buffer.from(b.subarray(32, 36)).toString("latin1"), labelBlock: v.getUint32(40, true), fba: v.getUint32(44, true) !== 0 };
  }

  /** HDIO_GETGEO (struct hd_geometry: u8 heads, u8 sectors, u16 cylinders, ulong start), or null. */
  geometry(): Geometry | null {
    const b = new Uint8Array(16);
    if (libc.ioctl(this.fd, BigInt(HDIO_GETGEO), pointerOf(b)) !== 0) return null;
    return { heads: b[0]!, sectors: b[1]!, cylinders: b[2]! | (b[3]! << 8) };
  }

  close(): void {
    if (this.fd >= 0) closeFd(this.fd);
    this.fd = -1;
  }
}

export { errno };
