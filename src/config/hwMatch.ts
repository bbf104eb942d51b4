// Which device entries apply to a path: every entry whose vendor, product
// and revision patterns match (an absent pattern or an absent path field
// matches anything), newest first, as find_hwe returns them.
import { compileEre, ereMatches } from "./posixRegex.ts";
import type { Config, DeviceEntry } from "./schema.ts";

export type DeviceIdentity = { vendor?: string; product?: string; revision?: string };

export function deviceEntryMatches(e: DeviceEntry, id: DeviceIdentity): boolean {
  if (id.vendor === undefined && id.product === undefined && id.revision === undefined) return false;
  for (const p of [e.vendor, e.product, e.revision]) if (p !== undefined && !compileEre(p)) return false;
  const field = (pattern: string | undefined, value: string | undefined): boolean =>
    pattern === undefined || value === undefined || ereMatches(pattern, value);
  // a pattern that does not compile makes the whole entry unusable
  return field(e.vendor, id.vendor) && field(e.product, id.product) && field(e.revision, id.revision);
}

// Paths of one array share vendor, product and revision: a run with a
// thousand paths matches the table once per identity, not per path.
const found = new WeakMap<Config, Map<string, readonly DeviceEntry[]>>();

/** The matching entries, newest first; the same (read-only) array for the
 * same identity and configuration. */
export function findDeviceEntries(config: Config, id: DeviceIdentity): readonly DeviceEntry[] {
  let byId = found.get(config);
  if (!byId) found.set(config, (byId = new Map()));
  const key = `${id.vendor}\u0000${id.product}\u0000${id.revision}`;
  const hit = byId.get(key);
  if (hit) return hit;
  const out: DeviceEntry[] = [];
  for (let i = config.devices.length - 1; i >= 0; i--) {
    const e = config.devices[i]!;
    if (deviceEntryMatches(e, id)) out.push(e);
  }
  byId.set(key, out);
  return out;
}
