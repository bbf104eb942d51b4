// The hp_sw prioritizer (HP Active/Standby): TEST UNIT READY; 4 when it
// succeeds (or recovers), 2 for a standby path (02/04/02), else 0. A unit
// attention for a reset (asc 0x29) is retried.
import { type Io, sg } from "../checkers/io.ts";
import type { SgResult } from "../io/sg.ts";
import { condlog } from "../log.ts";
import { testUnitReady } from "../scsi/commands.ts";
import { SENSE_NOT_READY, SENSE_RECOVERED_ERROR, SENSE_UNIT_ATTENTION, senseLooseFull, sgCheckCondition, sgCleanMasked } from "../scsi/sgStatus.ts";
import type { PrioContext, Prioritizer } from "./context.ts";

export const HP_PATH = { active: 4, standby: 2, failed: 0 } as const;

/** A TUR answer to a priority, or "retry" after a device reset. */
export function hpSwPrioFromTur(r: SgResult): number | "retry" {
  let ret: number = HP_PATH.failed;
  if (sgCleanMasked(r)) ret = HP_PATH.active;
  if (sgCheckCondition(r.status & 0x7e, r)) {
    const s = senseLooseFull(r.sense);
    if (s) {
      if (s.key === SENSE_RECOVERED_ERROR) ret = HP_PATH.active;
      if (s.key === SENSE_NOT_READY && s.asc === 0x04 && s.ascq === 0x02) ret = HP_PATH.standby;
      if (s.key === SENSE_UNIT_ATTENTION && s.asc === 0x29) return "retry";
    }
  }
  return ret;
}

function* hpSwPrio(ctx: PrioContext): Io<number> {
  // upstream retries a reset unit attention without limit; a device keeps reporting it at most a few times
  for (let attempt = 0; attempt < 100; attempt++) {
    const r = yield* sg({ ...testUnitReady(ctx.timeoutMs), senseLength: 128 });
    if (!r.result) {
      condlog(0, `${ctx.path.dev}: hp_sw prio: sending tur command failed`);
      return HP_PATH.failed;
    }
    const v = hpSwPrioFromTur(r.result);
    if (v !== "retry") return v;
  }
  return HP_PATH.failed;
}

export const hpSw: Prioritizer = { name: "hp_sw", getPrio: hpSwPrio };
