// SCSI commands through the SG_IO ioctl (sg v3 interface) on a block or sg
// device node. The 88-byte sg_io_hdr layout is x86_64 glibc's (offsets
// checked with gcc offsetof, see shared/reference/bun-platform.md).
import { ptr } from "bun:ffi";
import { O_NONBLOCK, O_RDONLY, O_RDWR, SysError, closeFd, errno, libc, openFd } from "../../ffi/libc.ts";

const SG_IO = 0x2285;
const HDR_LEN = 88;
const SENSE_LEN = 32;

export type SgDirection = "none" | "from-device" | "to-device";
export type SgCommand = {
  cdb: Uint8Array;
  direction: SgDirection;
  dataLength?: number;
  data?: Uint8Array;
  timeoutMs: number;
  /** room for sense data (mx_sb_len); 32 unless the caller asks for more */
  senseLength?: number;
};
export type SgResult = {
  /** SCSI status byte as the device returned it */
  status: number;
  /** the kernel's shifted status (status >> 1 & 0x7f) */
  maskedStatus: number;
  hostStatus: number;
  driverStatus: number;
  sense: Uint8Array;
  data: Uint8Array;
  /** bytes the device did not transfer */
  resid: number;
  durationMs: number;
  /** sg_io_hdr.info: bit 0 (SG_INFO_CHECK) is set when status, host or driver status is nonzero */
  info: number;
};

const DIRECTION = { none: -1, "to-device": -2, "from-device": -3 } as const;

/** Build the sg_io_hdr for `cmd`; the buffers must stay referenced until the command completes. */
export function buildHeader(cmd: SgCommand, data: Uint8Array, sense: Uint8Array, packId = 0): Uint8Array {
  const hdr = new Uint8Array(HDR_LEN);
  const v = new DataView(hdr.buffer);
  v.setInt32(0, 0x53, true); // 'S'
  v.setInt32(4, DIRECTION[cmd.direction], true);
  v.setUint8(8, cmd.cdb.length);
  v.setUint8(9, sense.length);
  v.setUint32(12, data.length, true);
  if (data.length) v.setBigUint64(16, BigInt(ptr(data)), true);
  v.setBigUint64(24, BigInt(ptr(cmd.cdb)), true);
  v.setBigUint64(32, BigInt(ptr(sense)), true);
  v.setUint32(40, cmd.timeoutMs, true);
  v.setInt32(48, packId, true);
  return hdr;
}

export function readResult(hdr: Uint8Array, data: Uint8Array, sense: Uint8Array): SgResult {
  const v = new DataView(hdr.buffer, hdr.byteOffset, HDR_LEN);
  const senseLen = v.getUint8(67);
  const resid = v.getInt32(72, true);
  return {
    status: v.getUint8(64),
    maskedStatus: v.getUint8(65),
    hostStatus: v.getUint16(68, true),
    driverStatus: v.getUint16(70, true),
    sense: sense.slice(0, senseLen),
    data: data.slice(0, Math.max(0, data.length - Math.max(0, resid))),
    resid,
    durationMs: v.getUint32(76, true),
    info: v.getUint32(80, true),
  };
}

/** Run one command synchronously on an open fd. */
export function sgIo(fd: number, cmd: SgCommand): SgResult {
  const data = cmd.data ?? new Uint8Array(cmd.dataLength ?? 0);
  const sense = new Uint8Array(cmd.senseLength ?? SENSE_LEN);
  const hdr = buildHeader(cmd, data, sense);
  const rc = libc.ioctl(fd, BigInt(SG_IO), ptr(hdr));
  if (rc < 0) throw new SysError("SG_IO", errno());
  return readResult(hdr, data, sense);
}

/** Open a device node for SG_IO, run `fn`, close it on every path. */
export function withSgDevice<T>(devnode: string, fn: (fd: number) => T, write = false): T {
  const fd = openFd(devnode, (write ? O_RDWR : O_RDONLY) | O_NONBLOCK);
  try {
    return fn(fd);
  } finally {
    closeFd(fd);
  }
}

/** A command completed without any error condition. */
export function sgOk(r: SgResult): boolean {
  return r.status === 0 && r.hostStatus === 0 && (r.driverStatus & 0x0f) === 0;
}
