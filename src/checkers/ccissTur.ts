// The cciss_tur checker (HP Smart Array through the cciss/hpsa ioctls): look
// up the logical volume's LUN id, then pass a TEST UNIT READY through
// CCISS_PASSTHRU. Upstream reports ioctl failures on stderr directly
// (perror and fprintf), whatever the verbosity.
import { type Io, ioctl } from "./io.ts";
import { writeRaw } from "../log.ts";
import { type CheckResult, DOWN, UP } from "./state.ts";

/** _IOR('B', 17, LogvolInfo_struct): u32 LunID, int num_opens, int num_parts */
export const CCISS_GETLUNINFO = 0x800c4211;
/** _IOWR('B', 11, IOCTL_Command_struct), 88 bytes on x86_64 */
export const CCISS_PASSTHRU = 0xc058420b;
const COMMAND_SIZE = 88;

/** IOCTL_Command_struct for a TUR to logical volume `lunId` (no data buffer). */
export function passthruTur(lunId: number): Uint8Array {
  const b = new Uint8Array(COMMAND_SIZE);
  const v = new DataView(b.buffer);
  v.setUint32(0, ((lunId & 0x3fffffff) | (0x01 << 30)) >>> 0, true); // LogDev: VolId:30, Mode:2 = logical volume addressing
  b[8] = 6; // CDBLen
  b[9] = 0x04 << 3; // Type TYPE_CMD, Attribute ATTR_SIMPLE, Direction XFER_NONE
  // Timeout 0 and a zero CDB: TEST UNIT READY
  return b;
}

/** error_info.CommandStatus | error_info.ScsiStatus of a completed passthru */
export function passthruFailed(cmd: Uint8Array): boolean {
  const v = new DataView(cmd.buffer, cmd.byteOffset, cmd.byteLength);
  return (v.getUint16(30, true) | v.getUint8(28)) !== 0;
}

export function* ccissTurCheck(): Io<CheckResult> {
  const info = yield* ioctl(CCISS_GETLUNINFO, new Uint8Array(12));
  if (info.rc !== 0) {
    const why = info.errorText;
    writeRaw(`Error: : ${why}\n`);
    writeRaw(`cciss TUR  failed in CCISS_GETLUNINFO: ${why}\n`);
    return DOWN;
  }
  const lun = new DataView(info.arg.buffer, info.arg.byteOffset, 4).getUint32(0, true);
  const pass = yield* ioctl(CCISS_PASSTHRU, passthruTur(lun));
  if (pass.rc < 0) {
    writeRaw(`cciss TUR  failed: ${pass.errorText}\n`);
    return DOWN;
  }
  return passthruFailed(pass.arg) ? DOWN : UP;
}
