// The tur checker: TEST UNIT READY, with upstream's reading of the answer
// (reservation conflicts count as up, standby as ghost, ALUA transitions as
// pending, an unmapped LUN as disconnected; unit attentions and transport
// errors are retried up to five times).
import { SysError } from "../../ffi/libc.ts";
import { type SgResult, sgIo, withSgDevice } from "../io/sg.ts";
import { testUnitReady } from "../scsi/commands.ts";
import { parseSense } from "../scsi/sense.ts";
import type { CheckResult } from "./state.ts";

const DID_OK = 0, DID_NO_CONNECT = 1, DID_BAD_TARGET = 4, DID_ABORT = 5, DID_TRANSPORT_FAILFAST = 0x0f;
const ENOTTY = 25;

export const TUR_MESSAGES = {
  up: "tur checker reports path is up",
  down: "tur checker reports path is down",
  ghost: "tur checker reports path is in standby state",
  transitioning: "tur checker reports path is in transitioning state",
  disconnected: "tur checker reports path is disconnected",
  unsupported: "tur checker does not support this device",
};

export type TurVerdict = CheckResult | "retry";

/** One TUR answer, classified; "retry" for unit attentions and driver errors. */
export function classifyTur(r: SgResult): TurVerdict {
  if ((r.status & 0x7e) === 0x18) return { state: "up", message: TUR_MESSAGES.up };
  const ok = r.status === 0 && r.hostStatus === 0 && (r.driverStatus & 0x0f) === 0;
  if (ok) return { state: "up", message: TUR_MESSAGES.up };
  const transportFinal = [DID_OK, DID_NO_CONNECT, DID_BAD_TARGET, DID_ABORT, DID_TRANSPORT_FAILFAST].includes(r.hostStatus);
  const s = r.sense.length > 3 ? parseSense(r.sense) : null;
  if (!transportFinal) return "retry";
  if (s?.key === 0x6) return "retry";
  if (s?.key === 0x2 && s.asc === 0x04 && s.ascq === 0x0b) return { state: "ghost", message: TUR_MESSAGES.ghost };
  if (s?.key === 0x2 && s.asc === 0x04 && s.ascq === 0x0a) return { state: "pending", message: TUR_MESSAGES.transitioning };
  if (s?.key === 0x5 && s.asc === 0x25 && s.ascq === 0x00) return { state: "disconnected", message: TUR_MESSAGES.disconnected };
  return { state: "down", message: TUR_MESSAGES.down };
}

export function turCheck(devnode: string, timeoutS: number): CheckResult {
  try {
    return withSgDevice(devnode, (fd) => {
      for (let attempt = 1; ; attempt++) {
        let v: TurVerdict;
        try {
          v = classifyTur(sgIo(fd, testUnitReady(timeoutS * 1000)));
        } catch (e) {
          if (e instanceof SysError && e.errno === ENOTTY) return { state: "wild", message: TUR_MESSAGES.unsupported };
          return { state: "down", message: TUR_MESSAGES.down };
        }
        if (v !== "retry") return v;
        if (attempt >= 5) return { state: "down", message: TUR_MESSAGES.down };
      }
    });
  } catch {
    return { state: "down", message: TUR_MESSAGES.down }; // the node does not open
  }
}
