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

export function identifyControllerFd(fd: number): AdminResult {
  const data = new Uint8Array(IDENTIFY_LEN);
  const cmd = new Uint8Array(72);
  const v = new DataView(cmd.buffer);
  v.setUint8(0, IDENTIFY);
  v.setBigUint64(24, BigInt(ptr(data)), true);
  v.setUint32(36, IDENTIFY_LEN, true);
  v.setUint32(40, CNS_CONTROLLER, true);
  const rc = libc.ioctl(fd, BigInt(NVME_IOCTL_ADMIN_CMD), ptr(cmd));
  const err = rc < 0 ? errno() : 0;
  return { rc, errno: err, errorText: err ? strerror(err) : "", opened: true, data };
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
