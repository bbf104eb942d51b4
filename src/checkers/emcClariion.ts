// The emc_clariion checker (EMC CLARiiON/VNX): INQUIRY of the vendor page
// 0xC0 (unit path report). The page must be in the known format, the path
// configured for failover (PNR or ALUA mode, arraycommpath), the LUN bound
// and its WWN unchanged since the first check; LUN operations other than
// normal make the path shaky. On the active path a read detects inactive
// snapshots, which the map's other (passive) paths then report as down.
import { type Io, sg } from "./io.ts";
import { condlog } from "../log.ts";
import {
  ENOTTY, SENSE_ILLEGAL_REQUEST, SENSE_RECOVERED_ERROR, retriableHostStatus, senseLoose, sgCheckCondition, sgInfoCheck,
} from "../scsi/sgStatus.ts";
import { inquiryCdb } from "./inquiryAnswer.ts";
import { hex2 } from "./rdac.ts";
import { sgRead } from "./sgRead.ts";
import { CHECKER_MSG, type CheckResult, WILD_UNSUPPORTED, result } from "./state.ts";

export const EMC_MSG = {
  queryFailed: ": sending query command failed",
  queryError: ": query command indicates error",
  pathConfig: ": Path not correctly configured for failover",
  unitReport: ": Path unit report page in unknown format",
  pathNotAvail: ": Path not available for normal operations",
  lunUnbound: ": Logical Unit is unbound or LUNZ",
  wwnChanged: ": Logical Unit WWN has changed",
  readError: ": Read error",
  passiveGood: ": Active path is healthy",
} as const;

/** State the checkers of one map share (upstream's mpcontext). */
export type EmcMapContext = { inactiveSnapshot: boolean };

export const C0_LENGTH = 128;

export type UnitReport =
  | { kind: "bad"; result: CheckResult }
  | { kind: "ok"; lunState: number; wwn: Uint8Array };

/** Validate a unit path report page (everything that does not need the path's history). */
export function decodeUnitReport(p: Uint8Array): UnitReport {
  const at = (i: number) => p[i] ?? 0;
  if (at(1) !== 0xc0 || at(9) !== 0x00) return { kind: "bad", result: result("down", EMC_MSG.unitReport) };
  const mode = at(28) & 0x07;
  if (at(27) !== 0x03 || (mode !== 0x04 && mode !== 0x06) || (at(30) & 0x04) !== 0x04)
    return { kind: "bad", result: result("down", EMC_MSG.pathConfig) };
  if (at(48) !== 0x00) return { kind: "bad", result: result("shaky", EMC_MSG.pathNotAvail) };
  if (at(4) === 0x00) return { kind: "bad", result: result("down", EMC_MSG.lunUnbound) };
  const wwn = new Uint8Array(16);
  wwn.set(p.subarray(10, 26));
  return { kind: "ok", lunState: at(4), wwn };
}

const wwnHex = (w: Uint8Array) => Array.from(w, hex2).join("");

export class EmcClariionChecker {
  readonly name = "emc_clariion";
  private wwn: Uint8Array | undefined;

  *check(timeoutS: number, map?: EmcMapContext): Io<CheckResult> {
    let answer;
    for (let attempt = 1; ; attempt++) {
      const r = yield* sg({
        cdb: inquiryCdb(0xc0, C0_LENGTH, 1), direction: "from-device", dataLength: C0_LENGTH, timeoutMs: timeoutS * 1000,
      });
      if (!r.result) return r.errno === ENOTTY ? WILD_UNSUPPORTED : result("down", EMC_MSG.queryFailed);
      answer = r.result;
      if (attempt < 5 && sgInfoCheck(answer) && retriableHostStatus(answer.hostStatus)) continue;
      break;
    }
    if (sgCheckCondition(answer.status, answer)) {
      const s = senseLoose(answer.sense);
      if (s?.key === SENSE_ILLEGAL_REQUEST) return WILD_UNSUPPORTED;
      if (s && s.key !== SENSE_RECOVERED_ERROR) {
        condlog(1, `emc_clariion_checker: INQUIRY failed with sense key ${hex2(s.key)}`);
        return result("down", EMC_MSG.queryError);
      }
    }
    if (sgInfoCheck(answer)) {
      condlog(1, `emc_clariion_checker: INQUIRY failed without sense, status ${hex2(answer.status)}`);
      return result("down", EMC_MSG.queryError);
    }
    const page = new Uint8Array(C0_LENGTH);
    page.set(answer.data.subarray(0, C0_LENGTH));
    const report = decodeUnitReport(page);
    if (report.kind === "bad") return report.result;
    if (this.wwn) {
      if (!report.wwn.every((b, i) => b === this.wwn![i])) return result("down", EMC_MSG.wwnChanged);
    } else this.wwn = report.wwn;

    if (report.lunState === 2) {
      // the active path: a failing read tells an inactive snapshot (05/25/01) from other errors
      const rd = yield* sgRead(4096, timeoutS);
      if (rd.state === "up") {
        if (map) map.inactiveSnapshot = false;
        return result("up", EMC_MSG.passiveGood);
      }
      const sb = rd.sense;
      const key = (sb[2] ?? 0) & 0xf, asc = sb[12] ?? 0, ascq = sb[13] ?? 0;
      if (key === 5 && asc === 0x25 && ascq === 1) {
        if (map) map.inactiveSnapshot = true;
        condlog(3, `emc_clariion_checker: Active path to inactive snapshot WWN ${wwnHex(this.wwn)}.`);
        return result("down", CHECKER_MSG.none);
      }
      condlog(3, `emc_clariion_checker: Read error for WWN ${wwnHex(this.wwn)}.  Sense data are 0x${key.toString(16)}/0x${asc.toString(16)}/0x${ascq.toString(16)}.`);
      return result("down", EMC_MSG.readError);
    }
    if (map?.inactiveSnapshot) {
      condlog(3, `emc_clariion_checker: Passive path to inactive snapshot WWN ${wwnHex(this.wwn)}.`);
      return result("down", CHECKER_MSG.none);
    }
    return result("up", EMC_MSG.passiveGood);
  }
}
