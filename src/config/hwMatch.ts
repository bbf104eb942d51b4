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

export function findDeviceEntries(config: Config, id: DeviceIdentity): DeviceEntry[] {
  const out: DeviceEntry[] = [];
  for (let i = config.devices.length - 1; i >= 0; i--) {
    const e = config.devices[i]!;
    if (deviceEntryMatches(e, id)) out.push(e);
  }
  return out;
}
