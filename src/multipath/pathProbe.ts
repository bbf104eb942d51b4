// The INQUIRYs discovery sends before checkers and prioritizers are chosen:
// ALUA support (TPGS bits) and whether the path leads to an RDAC array
// (upstream's check_rdac, VPD page 0xC9 starting with "vac1").
import type { Tpgs } from "../config/pathSettings.ts";
import { type Io, sg } from "../checkers/io.ts";
import { decodeInquiryAnswer } from "../checkers/inquiryAnswer.ts";
import { inquiry } from "../scsi/commands.ts";
import { parseStandardInquiry } from "../scsi/vpd.ts";
import { ALUA_ERR, asymmetricAccessState, targetPortGroup } from "../prio/alua.ts";
import type { PrioContext } from "../prio/context.ts";

const TPGS: Tpgs[] = ["none", "implicit", "explicit", "both"];
/** discovery's INQUIRYs use the fixed DEF_TIMEOUT, not checker_timeout */
const DEF_TIMEOUT_MS = 30_000;
const DEFAULT_SGIO_LEN = 254;
const VPD_BUFLEN = 4096;

/** sgio_get_vpd + fetch_vpd_page: a VPD page (at most `max` bytes), or null. */
export function* fetchVpdPage(page: number, max = VPD_BUFLEN): Io<Uint8Array | null> {
  let len = DEFAULT_SGIO_LEN;
  for (;;) {
    const r = yield* sg(inquiry(page, len, DEF_TIMEOUT_MS));
    if (!r.result || decodeInquiryAnswer(r.result) !== "up") return null;
    const buf = new Uint8Array(len);
    buf.set(r.result.data.subarray(0, len));
    const rlen = ((buf[2]! << 8) | buf[3]!) + 4;
    if (rlen <= len || len >= max) {
      if (buf[1] !== page) return null;
      return buf.subarray(0, Math.min(rlen, max));
    }
    len = Math.min(rlen, max);
  }
}

/** check_rdac: `hwChecker` is the path_checker of the first device entry that sets one. */
export function* rdacProgram(hwChecker: string | undefined): Io<boolean> {
  if (hwChecker !== undefined && hwChecker !== "rdac") return false;
  if (hwChecker === undefined) {
    const pages = yield* fetchVpdPage(0x00);
    if (!pages || !pages.subarray(4).includes(0xc9)) return false;
  }
  const c9 = yield* fetchVpdPage(0xc9);
  if (!c9 || c9.length < 8) return false;
  return Buffer.from(c9.subarray(4, 8)).toString("latin1") === "vac1";
}

export function* tpgsProgram(): Io<Tpgs> {
  const r = yield* sg(inquiry(undefined, 96));
  const inq = r.result && decodeInquiryAnswer(r.result) === "up" ? parseStandardInquiry(r.result.data) : null;
  return inq ? TPGS[inq.tpgs]! : "undef";
}

/**
 * detect_alua's confirmation of TPGS: the path's target port group must be
 * found and REPORT TARGET PORT GROUPS must report its state; otherwise the
 * path is taken as without ALUA ("none"). "undef" when the VPD inquiry
 * itself failed (upstream then leaves the support undetermined).
 */
export function* confirmAlua(ctx: PrioContext): Io<"ok" | "none" | "undef"> {
  const tpg = yield* targetPortGroup(ctx);
  if (tpg === ALUA_ERR.inquiryFailed) return "undef";
  if (tpg < 0) return "none";
  const aas = yield* asymmetricAccessState(ctx, tpg);
  return aas < 0 ? "none" : "ok";
}

