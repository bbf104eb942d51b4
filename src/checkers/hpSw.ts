// The hp_sw checker (HP Active/Standby arrays): INQUIRY of VPD page 0x80
// decides up/down/unsupported; a TEST UNIT READY that fails then means the
// path is a standby (ghost).
import { type Io, sg } from "./io.ts";
import { ENOTTY, sgInfoCheck } from "../scsi/sgStatus.ts";
import { decodeInquiryAnswer, inquiryCdb } from "./inquiryAnswer.ts";
import { testUnitReady } from "../scsi/commands.ts";
import { type CheckResult, DOWN, GHOST, UP, WILD_UNSUPPORTED } from "./state.ts";

const ALLOC = 255;

export function* hpSwCheck(timeoutS: number): Io<CheckResult> {
  const inq = yield* sg({ cdb: inquiryCdb(0x80, ALLOC, 2), direction: "from-device", dataLength: ALLOC, timeoutMs: timeoutS * 1000 });
  const v = inq.result ? decodeInquiryAnswer(inq.result) : inq.errno === ENOTTY ? "wild" : "down";
  if (v === "wild") return WILD_UNSUPPORTED;
  if (v !== "up") return DOWN;
  const tur = yield* sg(testUnitReady(timeoutS * 1000));
  if (!tur.result || sgInfoCheck(tur.result)) return GHOST;
  return UP;
}
