// The ontap prioritizer (NetApp ONTAP): the vendor GET VOLUME ATTRIBUTES
// command (opcode 0xC0, page 0x41) tells software iSCSI (2) and hardware
// iSCSI (3); otherwise VPD 0xC1 tells a proxy path (1) from a direct one (4).
// A failed GVA gives 0. Upstream dumps the CDB and sense of failures at
// level 0; 0.14 prints each dump on one line.
import { type Io, sg } from "../checkers/io.ts";
import type { SgResult } from "../io/sg.ts";
import { condlog } from "../log.ts";
import { sgInfoCheck } from "../scsi/sgStatus.ts";
import { hexBytes } from "./cFormat.ts";
import type { PrioContext, Prioritizer } from "./context.ts";

const RESULTS_MAX = 256;
const hx = (n: number) => `0x${n.toString(16).padStart(2, "0")}`;

export function gvaCdb(page: number): Uint8Array {
  return new Uint8Array([0xc0, 0, 0x1, 0xa, 0x98, 0xa, page, 128, 0, 0]);
}

function dumpCdb(cdb: Uint8Array): void {
  condlog(0, `- SCSI CDB: ${hexBytes(cdb)}`);
}

function dumpError(r: SgResult): void {
  condlog(0, `- masked_status=${hx(r.maskedStatus)}, host_status=${hx(r.hostStatus)}, driver_status=${hx(r.driverStatus)}`);
  if (r.sense.length > 0) condlog(0, `- SCSI sense data: ${hexBytes(r.sense)}`);
}

export type GvaKind = "iscsi-software" | "iscsi-hardware" | "other";

/** What a valid GVA page 0x41 answer says; "other" sends upstream on to the proxy check. */
export function gvaKind(results: Uint8Array, log: (m: string) => void): GvaKind {
  const totLen = new DataView(results.buffer, results.byteOffset).getUint32(0);
  if (totLen <= 8) return "other";
  if (results[8] !== 0x41) {
    log(`GVA page 0x41 error - results[8] = 0x${results[8]!.toString(16)}`);
    return "other";
  }
  const text = (n: number) => Buffer.from(results.subarray(12, 12 + n)).toString("latin1");
  if (text(6) === "ism_sw" || text(4) === "iswt") return "iscsi-software";
  if (text(6) === "ism_sn") return "iscsi-hardware";
  return "other";
}

/** The proxy bit of a VPD 0xC1 page (0 or 1), or null with the complaint logged. */
export function proxyBit(results: Uint8Array, log: (m: string) => void): number | null {
  const r = (i: number) => results[i] ?? 0;
  if (r(1) !== 0xc1 || r(8) !== 0x0a || r(9) !== 0x98 || r(10) !== 0x0a || r(11) !== 0x0 || r(12) !== 0xc1 || r(13) !== 0x0) {
    log("proxy info page in unknown format - ");
    log(`results[8-13]=${hx(r(8))} ${hx(r(9))} ${hx(r(10))} ${hx(r(11))} ${hx(r(12))} ${hx(r(13))}`);
    return null;
  }
  return (r(19) & 0x02) >> 1;
}

function* ontapPrio(ctx: PrioContext): Io<number> {
  const log = (m: string) => condlog(0, `${ctx.path.dev}: ontap prio: ${m}`);
  const cdb = gvaCdb(0x41);
  const gva = yield* sg({ cdb, direction: "from-device", dataLength: RESULTS_MAX, timeoutMs: ctx.timeoutMs, senseLength: 128 });
  if (!gva.result) {
    log(`SG_IO ioctl failed, errno=${gva.errno}`);
    dumpCdb(cdb);
    return 0;
  }
  if (sgInfoCheck(gva.result)) {
    log("SCSI error");
    dumpCdb(cdb);
    dumpError(gva.result);
    return 0;
  }
  const results = new Uint8Array(RESULTS_MAX);
  results.set(gva.result.data.subarray(0, RESULTS_MAX));
  if (results[4] !== 0x0a || results[5] !== 0x98 || results[6] !== 0x0a || results[7] !== 0x01) {
    dumpCdb(cdb);
    log("GVA return wrong format ");
    log(`results[4-7] = ${hx(results[4]!)} ${hx(results[5]!)} ${hx(results[6]!)} ${hx(results[7]!)}`);
    return 0;
  }
  const kind = gvaKind(results, log);
  if (kind === "iscsi-hardware") return 3;
  if (kind === "iscsi-software") return 2;

  const inqCdb = new Uint8Array([0x12, 1, 0xc1, 0, 128, 0]);
  const inq = yield* sg({ cdb: inqCdb, direction: "from-device", dataLength: 256, timeoutMs: ctx.timeoutMs, senseLength: 128 });
  let proxy: number | null = null;
  if (!inq.result) {
    log(`ioctl sending inquiry command failed, errno=${inq.errno}`);
    dumpCdb(inqCdb);
  } else if (sgInfoCheck(inq.result)) {
    log("SCSI error");
    dumpCdb(inqCdb);
    dumpError(inq.result);
  } else {
    const page = new Uint8Array(256);
    page.set(inq.result.data.subarray(0, 256));
    proxy = proxyBit(page, log);
    if (proxy === null) dumpCdb(inqCdb);
  }
  // non-proxy, or proxy information unavailable
  return proxy === 1 ? 1 : 4;
}

export const ontap: Prioritizer = { name: "ontap", getPrio: ontapPrio };
