// The emc prioritizer (CLARiiON): the LUN state byte of the unit path report
// (VPD 0xC0: unbound 0, bound 1, owned 2), plus 2 when this SP is the LUN's
// default owner.
import { type Io, sg } from "../checkers/io.ts";
import { inquiryCdb } from "../checkers/inquiryAnswer.ts";
import { condlog } from "../log.ts";
import { sgInfoCheck } from "../scsi/sgStatus.ts";
import { PRIO_UNDEF, type PrioContext, type Prioritizer } from "./context.ts";

/** The priority a unit path report gives, or an error message for the log. */
export function emcPrioFromPage(p: Uint8Array): number | string {
  const at = (i: number) => p[i] ?? 0;
  if (at(1) !== 0xc0 || at(9) !== 0x00) return "path unit report page in unknown format";
  const mode = at(28) & 0x07;
  if (at(27) !== 0x03 || (mode !== 0x04 && mode !== 0x06) || (at(30) & 0x04) !== 0x04)
    return "path not correctly configured for failover";
  if (at(48) !== 0x00) return "path not available for normal operations";
  return at(4) + (at(5) === at(8) ? 2 : 0);
}

function* emcPrio(ctx: PrioContext): Io<number> {
  const r = yield* sg({
    cdb: inquiryCdb(0xc0, 128, 1), direction: "from-device", dataLength: 128, timeoutMs: ctx.timeoutMs, senseLength: 128,
  });
  const log = (m: string) => condlog(0, `${ctx.path.dev}: emc prio: ${m}`);
  if (!r.result) {
    log("sending query command failed");
    return PRIO_UNDEF;
  }
  if (sgInfoCheck(r.result)) {
    log("query command indicates error");
    return PRIO_UNDEF;
  }
  const page = new Uint8Array(128);
  page.set(r.result.data.subarray(0, 128));
  const v = emcPrioFromPage(page);
  if (typeof v === "string") {
    log(v);
    return PRIO_UNDEF;
  }
  return v;
}

export const emc: Prioritizer = { name: "emc", getPrio: emcPrio };
