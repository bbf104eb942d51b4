// Discovery's facts in the shape property selection takes. Kept free of
// the config engine's code so that the udev helper path can load it cheaply.
import type { PathFacts as ConfigPathFacts } from "../config/pathSettings.ts";
import type { PathFacts } from "../discovery/pathFacts.ts";

/** What device entries are matched on: NVMe paths leave the revision out (upstream's find_hwe gets none). */
export function hwIdentity(f: Pick<PathFacts, "bus" | "vendor" | "product" | "rev">): { vendor?: string; product?: string; revision?: string } {
  return { vendor: f.vendor, product: f.product, revision: f.bus === "nvme" ? undefined : f.rev };
}

export function settingsFacts(f: PathFacts, wwid?: string): ConfigPathFacts {
  return {
    dev: f.dev, bus: f.bus === "other" ? ("undef" as const) : f.bus, protocol: f.protocol, ...hwIdentity(f),
    udevProperties: f.udev ? [...f.udev.keys()] : [],
    ...(wwid === undefined ? {} : { wwid }),
  };
}

