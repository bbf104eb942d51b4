// The precedence chain of property selection: the first source that sets
// a value wins, and the value carries the name of that source.
import { ORIGIN, type Selected } from "./origins.ts";
import type { Config, DeviceEntry, MultipathEntry, ProtocolEntry } from "./schema.ts";

export type Source = "multipaths" | "overrides" | "overridesProtocol" | "device" | "defaults";

export type SelectionContext = {
  config: Config;
  /** matching device entries, newest first (findDeviceEntries) */
  hwes: readonly DeviceEntry[];
  /** the multipaths entry for the map's WWID, if any */
  mpe?: MultipathEntry;
  /** protocol of the path ("scsi:fcp", ...), for overrides protocol subsections */
  protocol?: string;
};

type AnyEntry = Record<string, unknown>;

function fromSource(ctx: SelectionContext, src: Source, key: string): Selected<unknown> | undefined {
  const pick = (e: AnyEntry | null | undefined, origin: string) =>
    e && e[key] !== undefined ? { value: e[key], origin } : undefined;
  switch (src) {
    case "multipaths":
      return pick(ctx.mpe as AnyEntry | undefined, ORIGIN.multipaths);
    case "overridesProtocol": {
      const o = ctx.config.overrides;
      if (!o) return undefined;
      const pce = o.protocols.find((p: ProtocolEntry) => p.type === ctx.protocol && (p as AnyEntry)[key] !== undefined);
      return pce ? { value: (pce as AnyEntry)[key], origin: ORIGIN.overridesProtocol } : undefined;
    }
    case "overrides":
      return pick(ctx.config.overrides as AnyEntry | null, ORIGIN.overrides);
    case "device":
      for (const h of ctx.hwes) {
        const v = (h as AnyEntry)[key];
        if (v !== undefined) return { value: v, origin: ORIGIN.device };
      }
      return undefined;
    case "defaults":
      return pick(ctx.config.defaults as AnyEntry, ORIGIN.defaults);
  }
}

/** Walk `sources` in order; fall back to the compiled-in value. */
export function selectFrom<T>(
  ctx: SelectionContext,
  key: string,
  sources: readonly Source[],
  builtin: T,
): Selected<T> {
  for (const s of sources) {
    const r = fromSource(ctx, s, key);
    if (r) return r as Selected<T>;
  }
  return { value: builtin, origin: ORIGIN.internal };
}

/** map attributes: multipaths > overrides > devices > defaults */
export const MAP_CHAIN: readonly Source[] = ["multipaths", "overrides", "device", "defaults"];
/** path attributes: overrides > devices > defaults */
export const PATH_CHAIN: readonly Source[] = ["overrides", "device", "defaults"];
/** fast_io_fail_tmo, dev_loss_tmo, eh_deadline: the protocol subsection first */
export const PROTOCOL_CHAIN: readonly Source[] = ["overridesProtocol", "overrides", "device", "defaults"];
