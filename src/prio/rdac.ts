// The rdac prioritizer: from the volume access control page (VPD 0xC9),
// bit 1 when this controller owns the volume, bit 2 for the preferred path
// (bit 0 for the secondary one), bit 3 with I/O shipping; 0 on errors.
import { type Io, sg } from "../checkers/io.ts";
import { inquiryCdb } from "../checkers/inquiryAnswer.ts";
import { condlog } from "../log.ts";
import { sgInfoCheck } from "../scsi/sgStatus.ts";
import type { PrioContext, Prioritizer } from "./context.ts";

export function rdacPrioFromPage(p: Uint8Array): number | string {
  const at = (i: number) => p[i] ?? 0;
  if (at(1) !== 0xc9 || at(3) !== 0x2c || at(4) !== 0x76 || at(5) !== 0x61 || at(6) !== 0x63)
    return "volume access control page in unknown format";
  let ret = 0;
  if ((at(8) & 0x01) === 0x01) ret |= 0x02;
  const ppp = at(9) & 0x0f;
  if (ppp === 0x01) ret |= 0x04;
  else if (ppp === 0x02) ret |= 0x01;
  if ((at(8) >> 5) & 0x01) ret |= 0x08;
  return ret;
}

function* rdacPrio(ctx: PrioContext): Io<number> {
  const log = (m: string) => condlog(0, `${ctx.path.dev}: rdac prio: ${m}`);
  const r = yield* sg({
    cdb: inquiryCdb(0xc9, 128, 1), direction: "from-device", dataLength: 128, timeoutMs: ctx.timeoutMs, senseLength: 128,
  });
  if (!r.result) {
    log("sending inquiry command failed");
    return 0;
  }
  if (sgInfoCheck(r.result)) {
    log("inquiry command indicates error");
    return 0;
  }
  const page = new Uint8Array(128);
  page.set(r.result.data.subarray(0, 128));
  const v = rdacPrioFromPage(page);
  if (typeof v === "string") {
    log(v);
    return 0;
  }
  return v;
}

export const rdac: Prioritizer = { name: "rdac", getPrio: rdacPrio };
