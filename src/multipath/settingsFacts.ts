// Discovery's facts in the shape property selection takes. Kept free of
// the config engine's code so that the udev helper path can load it cheaply.
import type { PathFacts as ConfigPathFacts } from "../config/pathSettings.ts";
import type { PathFacts } from "../discovery/pathFacts.ts";

export function settingsFacts(f: PathFacts, wwid?: string): ConfigPathFacts {
  return {
    dev: f.dev, bus: f.bus === "other" ? ("undef" as const) : f.bus, protocol: f.protocol, vendor: f.vendor,
    product: f.product, revision: f.rev, udevProperties: f.udev ? [...f.udev.keys()] : [],
    ...(wwid === undefined ? {} : { wwid }),
  };
}

