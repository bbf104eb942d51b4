// The tur checker: TEST UNIT READY. A reservation conflict counts as up,
// "target port in standby" as ghost, an ALUA transition as pending, "LUN not
// supported" (unmapped at the target) as disconnected; unit attentions and
// transport errors other than the final ones are retried, five tries in all.
import { type Io, sg } from "./io.ts";
import type { SgResult } from "../io/sg.ts";
import { testUnitReady } from "../scsi/commands.ts";
import {
  DID_ABORT, DID_BAD_TARGET, DID_NO_CONNECT, DID_OK, DID_TRANSPORT_FAILFAST, ENOTTY, SENSE_ILLEGAL_REQUEST, SENSE_NOT_READY,
  SENSE_UNIT_ATTENTION, senseStrict, sgInfoCheck,
} from "../scsi/sgStatus.ts";
import { CHECKER_MSG, type CheckResult, DOWN, GHOST, UP, WILD_UNSUPPORTED, result } from "./state.ts";

export const TUR_MSG = {
  running: " still running",
  timeout: " timed out",
  failed: " failed to initialize",
  transitioning: " reports path is transitioning",
} as const;

const TRIES = 5;
const FINAL_HOST = new Set([DID_OK, DID_NO_CONNECT, DID_BAD_TARGET, DID_ABORT, DID_TRANSPORT_FAILFAST]);

/** One TUR answer; "retry" only while `canRetry` (upstream decrements one counter for both retry reasons). */
export function decodeTur(r: SgResult, canRetry: boolean): CheckResult | "retry" {
  if ((r.status & 0x7e) === 0x18) return UP; // SCSI-3 arrays may answer a TUR with RESERVATION CONFLICT
  if (!sgInfoCheck(r)) return UP;
  if (!FINAL_HOST.has(r.hostStatus) && canRetry) return "retry";
  const s = senseStrict(r.sense);
  if (s.key === SENSE_UNIT_ATTENTION) return canRetry ? "retry" : DOWN;
  if (s.key === SENSE_NOT_READY && s.asc === 0x04) {
    if (s.ascq === 0x0b) return GHOST;
    if (s.ascq === 0x0a) return result("pending", TUR_MSG.transitioning);
  }
  if (s.key === SENSE_ILLEGAL_REQUEST && s.asc === 0x25 && s.ascq === 0x00) return result("disconnected", CHECKER_MSG.disconnected);
  return DOWN;
}

export function* turCheck(timeoutS: number): Io<CheckResult> {
  for (let attempt = 1; ; attempt++) {
    const reply = yield* sg(testUnitReady(timeoutS * 1000));
    if (!reply.result) return reply.errno === ENOTTY ? WILD_UNSUPPORTED : DOWN;
    const v = decodeTur(reply.result, attempt < TRIES);
    if (v !== "retry") return v;
  }
}
