// NVMe admin commands through NVME_IOCTL_ADMIN_CMD on a namespace block
// device or a controller's character device. The 72-byte struct
// nvme_passthru_cmd: opcode@0 nsid@4 addr@24 data_len@36 cdw10..15@40
// timeout_ms@64 result@68.
import { ptr } from "bun:ffi";
import { O_RDONLY, closeFd, errno, libc, openFd, strerror } from "../../ffi/libc.ts";

/** _IOWR('N', 0x41, struct nvme_admin_cmd) */
const NVME_IOCTL_ADMIN_CMD = 0xc0484e41;
const IDENTIFY = 0x06;
const CNS_CONTROLLER = 0x01;
const IDENTIFY_LEN = 4096;

/** ioctl's result: < 0 the call failed (errno set), 0 done, > 0 the NVMe status.
 * `opened` is false when the node did not open (no command was sent). */
export type AdminResult = { rc: number; errno: number; errorText: string; opened: boolean; data: Uint8Array };

/** Any admin command reading `dataLength` bytes (cdw: command dwords 10..15). */
export function nvmeAdminCommand(fd: number, c: { opcode: number; nsid?: number; cdw?: readonly number[]; dataLength: number }): Omit<AdminResult, "opened"> {
  const data = new Uint8Array(c.dataLength);
  const cmd = new Uint8Array(72);
  const v = new DataView(cmd.buffer);
  v.setUint8(0, c.opcode);
  v.setUint32(4, (c.nsid ?? 0) >>> 0, true);
  v.setBigUint64(24, BigInt(ptr(data)), true);
  v.setUint32(36, c.dataLength, true);
  (c.cdw ?? []).forEach((d, i) => v.setUint32(40 + 4 * i, d >>> 0, true));
  const rc = libc.ioctl(fd, BigInt(NVME_IOCTL_ADMIN_CMD), ptr(cmd));
  const err = rc < 0 ? errno() : 0;
  return { rc, errno: err, errorText: err ? strerror(err) : "", data };
}

export function identifyControllerFd(fd: number): AdminResult {
  return { ...nvmeAdminCommand(fd, { opcode: IDENTIFY, cdw: [CNS_CONTROLLER], dataLength: IDENTIFY_LEN }), opened: true };
}

/** Identify Controller on `devnode`; a node that does not open is rc -1 with its errno. */
export function identifyController(devnode: string): AdminResult {
  let fd: number;
  try {
    fd = openFd(devnode, O_RDONLY);
  } catch (e) {
    const err = (e as { errno?: number }).errno ?? 0;
    return { rc: -1, errno: err, errorText: err ? strerror(err) : "", opened: false, data: new Uint8Array(0) };
  }
  try {
    return identifyControllerFd(fd);
  } finally {
    closeFd(fd);
  }
}
