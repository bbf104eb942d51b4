// The rdac checker (NetApp E-Series / LSI RDAC): INQUIRY of the vendor page
// 0xC9 (volume access control). Owner or I/O shipping means up, otherwise
// the path is a standby (ghost); an unavailable or booting controller, or
// an unconnected LUN, is down. Once per path the checker first tries to set
// the TAS bit of the control mode page (task aborted status).
import { type Io, sg } from "./io.ts";
import { condlog } from "../log.ts";
import { ENOTTY } from "../scsi/sgStatus.ts";
import { decodeInquiryAnswer, inquiryCdb } from "./inquiryAnswer.ts";
import { CHECKER_MSG, type CheckResult, DOWN, GHOST, UP, WILD_UNSUPPORTED, result } from "./state.ts";

const down = (why: string) => result("down", `${CHECKER_MSG.down}: ${why}`);
export const RDAC_MSG = {
  notConnected: down("lun not connected"),
  inStartup: down("ctlr is in startup sequence"),
  nonResponsive: down("non-responsive to queries"),
  inReset: down("ctlr held in reset"),
  fwDownloading: down("ctlr firmware downloading"),
  quiesced: down("ctlr quiesced by admin request"),
  serviceMode: down("ctlr is in service mode"),
  unavailable: down("ctlr is unavailable"),
  inquiryFailed: down("inquiry failed"),
};

/** sizeof(struct volume_access_inq): what the checker asks for */
export const C9_LENGTH = 48;
const AAS_UNAVAILABLE = 0x3, AAS_TRANSITIONING = 0xf;

/** The path state a volume access control page gives. */
export function decodeVolumeAccess(page: Uint8Array): CheckResult {
  const at = (i: number) => page[i] ?? 0;
  const pqPdt = at(0), avtcvp = at(8), aasCur = at(10) & 0x0f, vendorCur = at(11), aasAlt = at(12) & 0x0f;
  if ((pqPdt & 0xe0) === 0x20 || (pqPdt & 0x7f)) return RDAC_MSG.notConnected;
  const tpgData = (avtcvp & 0x10) !== 0;
  if (tpgData) {
    if (aasCur === AAS_TRANSITIONING && aasAlt !== AAS_TRANSITIONING) return RDAC_MSG.inStartup;
    if (aasCur === AAS_UNAVAILABLE) {
      switch (vendorCur) {
        case 0x2: return RDAC_MSG.nonResponsive;
        case 0x3: return RDAC_MSG.inReset;
        case 0x4: case 0x5: return RDAC_MSG.fwDownloading;
        case 0x6: return RDAC_MSG.quiesced;
        case 0x7: return RDAC_MSG.serviceMode;
        default: return RDAC_MSG.unavailable;
      }
    }
  }
  // owner of the volume, or I/O shipping enabled
  if (avtcvp & 0x01 || (avtcvp >> 5) & 0x01) return UP;
  return GHOST;
}

/** Control mode page (0x0A) with the DBD bit, current or changeable values. */
export function modeSenseControl(changeable: boolean, timeoutMs: number) {
  const cdb = new Uint8Array(10);
  cdb[0] = 0x5a;
  cdb[1] = 0x08;
  cdb[2] = 0x0a | (changeable ? 0x40 : 0);
  cdb[8] = CONTROL_PAGE_LENGTH;
  return { cdb, direction: "from-device" as const, dataLength: CONTROL_PAGE_LENGTH, timeoutMs };
}
/** 8-byte mode parameter header, page code, length, 3 bytes, the TAS byte, 6 bytes */
const CONTROL_PAGE_LENGTH = 20;
const TAS_BYTE = 13;

/** Set TAS if it is settable and not set; the answers' status is not looked at, as upstream. */
export function* setTasBit(timeoutS: number): Io<boolean> {
  const timeoutMs = timeoutS * 1000;
  const cur = yield* sg(modeSenseControl(false, timeoutMs));
  if (!cur.result) return false;
  const current = new Uint8Array(CONTROL_PAGE_LENGTH);
  current.set(cur.result.data.subarray(0, CONTROL_PAGE_LENGTH));
  if ((current[TAS_BYTE]! >> 6) & 1) return true;
  const chg = yield* sg(modeSenseControl(true, timeoutMs));
  if (!chg.result) return false;
  if (((chg.result.data[TAS_BYTE] ?? 0) >> 6 & 1) === 0) return false;
  const cdb = new Uint8Array(10);
  cdb[0] = 0x55;
  cdb[1] = 0x01;
  cdb[8] = CONTROL_PAGE_LENGTH;
  current[8] = 0x0a;
  current[9] = 0x0a;
  current[TAS_BYTE]! |= 0x40;
  const sel = yield* sg({ cdb, direction: "to-device", data: current, timeoutMs });
  return sel.result !== null;
}

export class RdacChecker {
  readonly name = "rdac";
  private initialized = false;

  *check(timeoutS: number): Io<CheckResult> {
    if (!this.initialized) {
      this.initialized = true;
      if (!(yield* setTasBit(timeoutS))) condlog(3, "rdac checker failed to set TAS bit");
    }
    for (let attempt = 1; ; attempt++) {
      const r = yield* sg({ cdb: inquiryCdb(0xc9, C9_LENGTH, 1), direction: "from-device", dataLength: C9_LENGTH, timeoutMs: timeoutS * 1000 });
      // a failed ioctl other than ENOTTY leaves the zeroed header: read as a clean answer with an empty page
      if (!r.result && r.errno === ENOTTY) return WILD_UNSUPPORTED;
      const v = r.result
        ? decodeInquiryAnswer(r.result, {
          retryTransport: true, canRetry: attempt < 5,
          onSenseKey: (k) => condlog(1, `rdac checker: INQUIRY failed with sense key ${hex2(k)}`),
        })
        : "up";
      if (v === "retry") continue;
      if (v === "wild") return WILD_UNSUPPORTED;
      if (v === "down") return RDAC_MSG.inquiryFailed;
      const page = new Uint8Array(C9_LENGTH);
      if (r.result) page.set(r.result.data.subarray(0, C9_LENGTH));
      return decodeVolumeAccess(page);
    }
  }
}

export const hex2 = (n: number) => n.toString(16).padStart(2, "0");
