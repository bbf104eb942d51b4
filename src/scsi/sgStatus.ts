// How upstream's checkers and prioritizers read an SG_IO answer. The C code
// repeats a handful of idioms with small differences (which status bits are
// masked, how the sense key is found); each one is named here once so the
// decoders can say which reading they use.
import type { SgResult } from "../io/sg.ts";

export const SAM_CHECK_CONDITION = 0x02;
export const SAM_COMMAND_TERMINATED = 0x22;
export const DRIVER_SENSE = 0x08;

export const SENSE_RECOVERED_ERROR = 0x1;
export const SENSE_NOT_READY = 0x2;
export const SENSE_ILLEGAL_REQUEST = 0x5;
export const SENSE_UNIT_ATTENTION = 0x6;

export const DID_OK = 0x00;
export const DID_NO_CONNECT = 0x01;
export const DID_BUS_BUSY = 0x02;
export const DID_BAD_TARGET = 0x04;
export const DID_ABORT = 0x05;
export const DID_ERROR = 0x07;
export const DID_SOFT_ERROR = 0x0b;
export const DID_TRANSPORT_DISRUPTED = 0x0e;
export const DID_TRANSPORT_FAILFAST = 0x0f;

export const ENOTTY = 25;
export const ENOMEM = 12;

/** SG_INFO_CHECK: the kernel saw a nonzero (masked) status, host or driver status. */
export function sgInfoCheck(r: SgResult): boolean {
  return (r.info & 1) !== 0;
}

/** "status &= 0x7e; all three zero": the sg_err-free test most checkers use. */
export function sgCleanMasked(r: SgResult): boolean {
  return (r.status & 0x7e) === 0 && r.hostStatus === 0 && r.driverStatus === 0;
}

/** The same without masking the status byte (libsg's sg_read). */
export function sgCleanRaw(r: SgResult): boolean {
  return r.status === 0 && r.hostStatus === 0 && r.driverStatus === 0;
}

/** CHECK CONDITION, COMMAND TERMINATED or driver sense, on `status` (masked or not, as the caller's C code does). */
export function sgCheckCondition(status: number, r: SgResult): boolean {
  return status === SAM_CHECK_CONDITION || status === SAM_COMMAND_TERMINATED || (r.driverStatus & 0xf) === DRIVER_SENSE;
}

export type SenseTriple = { key: number; asc: number; ascq: number };

/**
 * The loose reading (more than 2 sense bytes; bit 1 of byte 0 tells the
 * descriptor format). asc/ascq are -1 where upstream's alua code would not
 * read them; the checkers that use this reading only look at the key.
 */
export function senseLoose(sense: Uint8Array): SenseTriple | null {
  const n = sense.length;
  if (n <= 2) return null;
  if (sense[0]! & 0x2) return { key: sense[1]! & 0xf, asc: n > 3 ? sense[2]! : -1, ascq: n > 4 ? sense[3]! : -1 };
  return { key: sense[2]! & 0xf, asc: n > 13 ? sense[12]! : -1, ascq: n > 14 ? sense[13]! : -1 };
}

/** hp_sw's prioritizer: the loose reading with asc/ascq taken unconditionally (zero beyond what was written). */
export function senseLooseFull(sense: Uint8Array): SenseTriple | null {
  if (sense.length <= 2) return null;
  const at = (i: number) => sense[i] ?? 0;
  if (sense[0]! & 0x2) return { key: at(1) & 0xf, asc: at(2), ascq: at(3) };
  return { key: at(2) & 0xf, asc: at(12), ascq: at(13) };
}

/**
 * The strict reading (tur, libsg): more than 3 bytes, response code 0x72/0x73
 * for descriptor format, or more than 13 bytes of fixed format 0x70/0x71.
 * Key 0 when neither applies.
 */
export function senseStrict(sense: Uint8Array): SenseTriple {
  const n = sense.length;
  if (n > 3) {
    if (sense[0] === 0x72 || sense[0] === 0x73) return { key: sense[1]! & 0xf, asc: sense[2]!, ascq: sense[3]! };
    const code = sense[0]! & 0x7f;
    if (n > 13 && (code === 0x70 || code === 0x71)) return { key: sense[2]! & 0xf, asc: sense[12]!, ascq: sense[13]! };
  }
  return { key: 0, asc: 0, ascq: 0 };
}

/** Transport errors the rdac and emc_clariion checkers retry. */
export function retriableHostStatus(host: number): boolean {
  return host === DID_BUS_BUSY || host === DID_ERROR || host === DID_SOFT_ERROR || host === DID_TRANSPORT_DISRUPTED;
}
