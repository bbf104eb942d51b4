// The ana prioritizer (NVMe Asymmetric Namespace Access): the controller
// must report ANA (Identify Controller CMIC bit 3); the ANA log page gives
// the state of the group that holds the path's namespace: optimized 50,
// non-optimized 10, inaccessible or changing 1, persistent loss 0.
import { type Io, nvmeAdmin, nvmeNsid } from "../checkers/io.ts";
import { condlog } from "../log.ts";
import type { PrioContext, Prioritizer } from "./context.ts";

export const ANA_STATE = { optimized: 0x01, nonOptimized: 0x02, inaccessible: 0x03, persistentLoss: 0x04, change: 0x0f } as const;

const ERR = {
  getCtrlFailed: [1, "couldn't get ctrl info"], notNvme: [2, "not an NVMe device"], notSupported: [3, "ANA not supported"],
  overflow: [4, "buffer overflow in ANA log"], notFound: [5, "NSID or ANAGRPID not found"],
  getLogFailed: [6, "couldn't get ana log"], getNsidFailed: [7, "couldn't get NSID"], getNsFailed: [8, "couldn't get namespace info"],
} as const;
type AnaError = keyof typeof ERR;

export type IdCtrlAna = { ana: boolean; anagrpidConst: boolean; nanagrpid: number; mnan: number };

/** The Identify Controller fields ANA needs (NVMe 1.4 offsets). */
export function idCtrlAna(d: Uint8Array): IdCtrlAna {
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  return {
    ana: ((d[76] ?? 0) & (1 << 3)) !== 0,
    anagrpidConst: ((d[525] ?? 0) & (1 << 6)) !== 0,
    nanagrpid: d.byteLength >= 534 ? v.getUint32(530, true) : 0,
    mnan: d.byteLength >= 544 ? v.getUint32(540, true) : 0,
  };
}

const HDR = 16, DESC = 32;

/** The state of the group holding `nsid` (or, with a constant ANAGRPID, group `anagrpid`), or an error. */
export function anaState(log: Uint8Array, nsid: number, anagrpid: number): number | AnaError {
  const v = new DataView(log.buffer, log.byteOffset, log.byteLength);
  if (log.byteLength < HDR) return "overflow";
  const ngrps = v.getUint16(8, true);
  let off = HDR;
  for (let i = 0; i < ngrps; i++) {
    const desc = off;
    off += DESC;
    if (off > log.byteLength) return "overflow";
    const n = v.getUint32(desc + 4, true);
    off += 4 * n;
    if (off > log.byteLength) return "overflow";
    for (let j = 0; j < n; j++) if (v.getUint32(desc + DESC + 4 * j, true) === nsid) return log[desc + 16]!;
    if (anagrpid !== 0 && anagrpid === v.getUint32(desc, true)) return log[desc + 16]!;
  }
  return "notFound";
}

export function anaStatePrio(state: number): number | undefined {
  switch (state) {
    case ANA_STATE.optimized: return 50;
    case ANA_STATE.nonOptimized: return 10;
    case ANA_STATE.inaccessible: case ANA_STATE.change: return 1;
    case ANA_STATE.persistentLoss: return 0;
    default: return undefined;
  }
}

const NVME_ADMIN_IDENTIFY = 0x06, NVME_ADMIN_GET_LOG_PAGE = 0x02, NVME_LOG_ANA = 0x0c;

function* anaInfo(ctx: PrioContext): Io<number | AnaError> {
  const dev = ctx.path.dev;
  const errcode = (what: string, r: { rc: number; errorText: string }) =>
    condlog(3, r.rc > 0 ? `${dev}: ${what}: NVMe status ${r.rc}` : `${dev}: ${what}: ${r.errorText}`);
  const id = yield* nvmeAdmin(NVME_ADMIN_IDENTIFY, 0, [1, 0, 0, 0, 0, 0], 4096);
  if (id.rc < 0) {
    errcode("nvme_identify_ctrl", id);
    return "getCtrlFailed";
  }
  const ctrl = idCtrlAna(id.data);
  if (!ctrl.ana) return "notSupported";
  const ns = yield* nvmeNsid();
  if (ns.rc <= 0) {
    // upstream logs the identify result here, not the nsid error
    errcode("nvme_get_nsid", { rc: 1, errorText: ns.errorText });
    return "getNsidFailed";
  }
  let len = HDR + ctrl.nanagrpid * DESC;
  let anagrpid = 0;
  if (ctrl.anagrpidConst) {
    const idns = yield* nvmeAdmin(NVME_ADMIN_IDENTIFY, ns.rc, [0, 0, 0, 0, 0, 0], 4096);
    if (idns.rc !== 0) {
      errcode("nvme_identify_ns", idns);
      return "getNsFailed";
    }
    anagrpid = new DataView(idns.data.buffer, idns.data.byteOffset).getUint32(92, true);
  } else len += ctrl.mnan * 4;
  const numd = (len >> 2) - 1;
  const rgo = ctrl.anagrpidConst ? 1 : 0;
  const cdw10 = (NVME_LOG_ANA | (rgo << 8) | (1 << 15) | ((numd & 0xffff) << 16)) >>> 0;
  const logPage = yield* nvmeAdmin(NVME_ADMIN_GET_LOG_PAGE, 0xffffffff, [cdw10, numd >>> 16, 0, 0, 0, 0], len);
  if (logPage.rc !== 0) {
    errcode("nvme_ana_log", logPage);
    return "getLogFailed";
  }
  const st = anaState(logPage.data, ns.rc, anagrpid);
  if (typeof st === "number") condlog(4, `${dev}: ana state = ${st.toString(16).padStart(2, "0")} [${ANA_TEXT[st] ?? "invalid ANA state"}]`);
  return st;
}

const ANA_TEXT: Record<number, string> = {
  1: "ANA Optimized State", 2: "ANA Non-Optimized State", 3: "ANA Inaccessible State", 4: "ANA Persistent Loss State", 15: "ANA Change state",
};

function* anaPrio(ctx: PrioContext): Io<number> {
  const rc = yield* anaInfo(ctx);
  if (typeof rc === "number") {
    const p = anaStatePrio(rc);
    if (p !== undefined) return p;
    condlog(1, `${ctx.path.dev}: invalid ANA rc code ${rc}`);
    return -1;
  }
  condlog(2, `${ctx.path.dev}: ANA error: ${ERR[rc][1]}`);
  return -1;
}

export const ana: Prioritizer = { name: "ana", getPrio: anaPrio };
