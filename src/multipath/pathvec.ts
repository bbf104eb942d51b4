// The path list a multipath run works on: every whole disk that discovery
// can describe, its WWID by the selected uid_attribute, and the blacklist
// verdict, with upstream's reason messages at -v3.
import type { Config, DeviceEntry } from "../config/index.ts";
import { filterPath, findDeviceEntries, isBlacklisted, selectPathSettings } from "../config/index.ts";
import type { PathSettings } from "../config/pathSettings.ts";
import { wholeDisks } from "../discovery/blockDevices.ts";
import { type PathFacts, pathFacts } from "../discovery/pathFacts.ts";
import { LOG, condlog } from "../log.ts";
import { wwidOf } from "../discovery/wwid.ts";
import { hwIdentity, settingsFacts } from "./settingsFacts.ts";

export { settingsFacts };

export type Path = {
  facts: PathFacts;
  settings: PathSettings;
  wwid?: string;
  /** device entries matching the path, newest first */
  hwes: readonly DeviceEntry[];
};

/** Whole disks in udev's enumeration order (upstream's path_discovery order). */
export function diskDevts(): string[] {
  return wholeDisks().map((d) => d.devt);
}

/** filter_path with upstream's reason messages at -v3. */
export function pathBlacklisted(config: Config, facts: PathFacts, uid: string | undefined, wwid: string | undefined): boolean {
  const verdict = filterPath(config, {
    dev: facts.dev, vendor: facts.vendor, product: facts.product, protocol: facts.protocol, wwid,
    udevProperties: facts.udev ? [...facts.udev.keys()] : [], uidAttribute: uid,
  });
  for (const line of verdict.log) condlog(LOG.INFO, line);
  return isBlacklisted(verdict.verdict);
}

/** The WWID of one path device by the uid_attribute the configuration
 * selects for it (get_refwwid for a path argument). */
export function wwidOfDevice(config: Config, devt: string): string | undefined {
  const facts = pathFacts(devt);
  if (!facts) return undefined;
  return wwidOf(facts, selectPathSettings(config, settingsFacts(facts)).uid_attribute.value, facts.udev, condlog);
}

/** Paths not blacklisted, in udev order. */
export function discoverPaths(config: Config): Path[] {
  const out: Path[] = [];
  for (const devt of diskDevts()) {
    const facts = pathFacts(devt);
    if (!facts) continue;
    const settings = selectPathSettings(config, settingsFacts(facts));
    const uid = settings.uid_attribute.value;
    const wwid = wwidOf(facts, uid, facts.udev, condlog);
    if (pathBlacklisted(config, facts, uid, wwid)) continue;
    out.push({ facts, settings, wwid, hwes: findDeviceEntries(config, hwIdentity(facts)) });
  }
  return out;
}

/** get_used_hwes: every device entry some path uses, oldest first, once. */
export function usedDeviceEntries(paths: readonly Path[]): DeviceEntry[] {
  const used: DeviceEntry[] = [];
  for (const p of paths) for (const e of [...p.hwes].reverse()) if (!used.includes(e)) used.push(e);
  return used;
}
