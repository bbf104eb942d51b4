// The INQUIRY reading shared by the hp_sw and rdac checkers: clean status is
// up, a recovered error is up, an illegal request means the device does not
// speak the page (wild); anything else is down.
import type { SgResult } from "../io/sg.ts";
import {
  SENSE_ILLEGAL_REQUEST, SENSE_RECOVERED_ERROR, retriableHostStatus, senseLoose, sgCheckCondition, sgCleanMasked, sgInfoCheck,
} from "../scsi/sgStatus.ts";

export type InquiryVerdict = "up" | "wild" | "down" | "retry";

/**
 * `retryTransport`: the rdac variant retries bus-busy and transport errors
 * (while `canRetry`). `onSenseKey` sees the key of a failure that is neither
 * recovered nor illegal request (rdac logs it).
 */
export function decodeInquiryAnswer(r: SgResult, opts: { retryTransport?: boolean; canRetry?: boolean; onSenseKey?: (key: number) => void } = {}): InquiryVerdict {
  if (sgCleanMasked(r)) return "up";
  if (opts.retryTransport && opts.canRetry && sgInfoCheck(r) && retriableHostStatus(r.hostStatus)) return "retry";
  if (sgCheckCondition(r.status & 0x7e, r)) {
    const s = senseLoose(r.sense);
    if (s) {
      if (s.key === SENSE_RECOVERED_ERROR) return "up";
      if (s.key === SENSE_ILLEGAL_REQUEST) return "wild";
      opts.onSenseKey?.(s.key);
    }
  }
  return "down";
}

/** INQUIRY CDB with the allocation length as upstream's checkers write it. */
export function inquiryCdb(page: number | undefined, allocation: number, lengthBytes: 1 | 2): Uint8Array {
  const cdb = new Uint8Array([0x12, page === undefined ? 0 : 1, page ?? 0, 0, 0, 0]);
  if (lengthBytes === 2) cdb[3] = (allocation >> 8) & 0xff;
  cdb[4] = allocation & 0xff;
  return cdb;
}
