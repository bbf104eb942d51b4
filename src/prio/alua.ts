// The alua prioritizer: the path's target port group (VPD 0x83, from sysfs
// when the kernel exposes it), that group's asymmetric access state from
// REPORT TARGET PORT GROUPS, and the priority from state and preferred bit.
import { type Io, sg } from "../checkers/io.ts";
import type { SgCommand, SgResult } from "../io/sg.ts";
import { condlog } from "../log.ts";
import { SENSE_NOT_READY, SENSE_RECOVERED_ERROR, SENSE_UNIT_ATTENTION, senseLoose, sgCheckCondition, sgCleanMasked } from "../scsi/sgStatus.ts";
import { aasText, aluaStatePrio, exclusivePrefArg, rtpgGroupState, rtpgLength, vpd83TargetPortGroup } from "./aluaDecode.ts";
import type { PrioContext, Prioritizer } from "./context.ts";

const VPD_BUFLEN = 4096;
const INQUIRY_DATA_LEN = 96;
const TRIES = 4; // retry_count 3, tested with --retry_count >= 0

export const ALUA_ERR = { inquiryFailed: -1, noTpg: -2, rtpgFailed: -3, tpgNotFound: -4 } as const;

/** alua_rtpg.c's scsi_error: good, a final error, or worth retrying (unit attention, not ready). */
export function aluaDisposition(r: SgResult): "good" | "error" | "retry" {
  if (sgCleanMasked(r)) return "good";
  const status = r.status & 0x7e;
  const s = sgCheckCondition(status, r) ? senseLoose(r.sense) : null;
  if (s?.key === SENSE_RECOVERED_ERROR) return "good";
  return s?.key === SENSE_UNIT_ATTENTION || s?.key === SENSE_NOT_READY ? "retry" : "error";
}

function* retried(cmd: SgCommand): Io<SgResult | null> {
  for (let attempt = 1; attempt <= TRIES; attempt++) {
    const r = yield* sg(cmd);
    if (!r.result) {
      if (cmd.cdb[0] === 0xa3) condlog(2, `do_rtpg: sg ioctl failed: ${r.errorText}`);
      return null;
    }
    const d = aluaDisposition(r.result);
    if (d === "good") return r.result;
    if (d === "error") return null;
  }
  return null;
}

function inquiryCmd(page: number | undefined, len: number, timeoutMs: number): SgCommand {
  const cdb = new Uint8Array([0x12, page === undefined ? 0 : 1, page ?? 0, (len >> 8) & 0xff, len & 0xff, 0]);
  return { cdb, direction: "from-device", dataLength: len, timeoutMs };
}

export function rtpgCmd(len: number, timeoutMs: number): SgCommand {
  const cdb = new Uint8Array(12);
  cdb[0] = 0xa3;
  cdb[1] = 0x0a;
  new DataView(cdb.buffer).setUint32(6, len);
  return { cdb, direction: "from-device", dataLength: len, timeoutMs };
}

/** do_inquiry: the sysfs copy when there is one, else SG_IO. */
function* inquiryData(ctx: PrioContext, page: number | undefined, len: number): Io<Uint8Array | null> {
  const sys = ctx.deviceAttr(page === undefined ? "inquiry" : `vpd_pg${page.toString(16).padStart(2, "0")}`);
  if (sys) return sys.subarray(0, len);
  const r = yield* retried(inquiryCmd(page, len, ctx.timeoutMs));
  return r ? r.data : null;
}

/** TPGS bits of the standard INQUIRY data, or a negative error. */
export function* targetPortGroupSupport(ctx: PrioContext): Io<number> {
  const d = yield* inquiryData(ctx, undefined, INQUIRY_DATA_LEN);
  return d ? ((d[5] ?? 0) >> 4) & 3 : ALUA_ERR.inquiryFailed;
}

export function* targetPortGroup(ctx: PrioContext): Io<number> {
  const d = yield* inquiryData(ctx, 0x83, VPD_BUFLEN);
  if (!d) return ALUA_ERR.inquiryFailed;
  return vpd83TargetPortGroup(d) ?? ALUA_ERR.noTpg;
}

export function* asymmetricAccessState(ctx: PrioContext, tpg: number): Io<number> {
  let len = VPD_BUFLEN;
  let data = yield* retried(rtpgCmd(len, ctx.timeoutMs));
  if (!data) return ALUA_ERR.rtpgFailed;
  const wanted = Math.min(rtpgLength(data.data), 0xffffffff);
  if (wanted > len) {
    len = wanted;
    data = yield* retried(rtpgCmd(len, ctx.timeoutMs));
    if (!data) return ALUA_ERR.rtpgFailed;
  }
  const padded = new Uint8Array(len);
  padded.set(data.data.subarray(0, len));
  const state = rtpgGroupState(padded, tpg);
  if (state === null) {
    condlog(2, `get_asymmetric_access_state: port group ${tpg} not found`);
    return ALUA_ERR.tpgNotFound;
  }
  return state;
}

function* aluaPrio(ctx: PrioContext): Io<number> {
  const dev = ctx.path.dev;
  const exclusive = exclusivePrefArg(ctx.args);
  const tpg = yield* targetPortGroup(ctx);
  if (tpg < 0) {
    const support = yield* targetPortGroupSupport(ctx);
    if (support < 0) {
      condlog(3, `${dev}: couldn't get supported alua states`);
      return -4;
    }
    if (support === 0) {
      condlog(0, `${dev}: alua not supported`);
      return -1;
    }
    condlog(0, `${dev}: couldn't get target port group`);
    return -2;
  }
  condlog(4, `${dev}: reported target port group is ${tpg}`);
  const rc = yield* asymmetricAccessState(ctx, tpg);
  if (rc < 0) {
    condlog(2, `get_alua_info: get_asymmetric_access_state returned ${rc}`);
    condlog(0, `${dev}: couldn't get asymmetric access state`);
    return -3;
  }
  condlog(3, `${dev}: aas = ${rc.toString(16).padStart(2, "0")} [${aasText(rc)}]${rc & 0x80 ? " [preferred]" : ""}`);
  return aluaStatePrio(rc & 0x0f, (rc & 0x80) !== 0, exclusive);
}

export const alua: Prioritizer = { name: "alua", getPrio: aluaPrio };
