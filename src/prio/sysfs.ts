// The sysfs prioritizer: the kernel's ALUA view of the path (scsi_dh_alua's
// access_state and preferred_path attributes), with the alua numbers.
import { pure } from "../checkers/io.ts";
import { exclusivePrefArg, sysfsStatePrio } from "./aluaDecode.ts";
import { strtoul } from "./cParse.ts";
import { PRIO_UNDEF, type PrioContext, type Prioritizer } from "./context.ts";

function attrText(b: Uint8Array | undefined, max: number): string | undefined {
  if (!b) return undefined;
  // read into a buffer of `max` bytes, trailing newline stripped
  return Buffer.from(b.subarray(0, max - 1)).toString("latin1").replace(/\n$/, "");
}

/** -1 without access_state; a preferred_path that does not parse counts as not preferred. */
export function sysfsPrioFromAttrs(ctx: PrioContext): number {
  const state = attrText(ctx.deviceAttr("access_state"), 512);
  if (state === undefined) return PRIO_UNDEF;
  const pref = attrText(ctx.deviceAttr("preferred_path"), 16);
  let preferred = false;
  if (pref !== undefined) {
    const v = strtoul(pref, 0);
    preferred = v.consumed > 0 && v.big !== 2n ** 64n - 1n && v.value !== 0; // ULONG_MAX is taken as a parse error
  }
  return sysfsStatePrio(state, preferred, exclusivePrefArg(ctx.args));
}

export const sysfs: Prioritizer = { name: "sysfs", getPrio: (ctx) => pure(sysfsPrioFromAttrs(ctx)) };
