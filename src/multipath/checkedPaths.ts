// The paths map creation works on (upstream's path_discovery with DI_ALL):
// every whole disk in udev's order that is not blacklisted, with its
// checker state, priority and WWID. As upstream's pathinfo, a path whose
// device node cannot be opened (offline, being removed) gets no WWID, so
// it joins no map: a table naming it could not be loaded.
import { closeSync, openSync } from "node:fs";
import { type Config, filterDevnode, isBlacklisted, selectPathSettings } from "../config/index.ts";
import { wholeDisks } from "../discovery/blockDevices.ts";
import { type PathFacts, pathFacts } from "../discovery/pathFacts.ts";
import { sgIo, sgOk, withSgDevice } from "../io/sg.ts";
import { LOG, condlog } from "../log.ts";
import { PRIO_UNDEF } from "../prio/context.ts";
import { inquiry } from "../scsi/commands.ts";
import { targetPortGroup } from "../scsi/vpd.ts";
import type { Path } from "./coalesce.ts";
import { PathProber, probeConcurrently } from "./pathCheck.ts";
import { pathBlacklisted } from "./pathvec.ts";
import { settingsFacts } from "./settingsFacts.ts";

function tpgIdOf(dev: string): number {
  try {
    return withSgDevice(`/dev/${dev}`, (fd) => {
      const r = sgIo(fd, inquiry(0x83, 4096));
      return sgOk(r) ? targetPortGroup(r.data) : -1;
    });
  } catch {
    return -1;
  }
}

function opens(dev: string): boolean {
  try {
    closeSync(openSync(`/dev/${dev}`, "r"));
    return true;
  } catch (e) {
    condlog(LOG.DEBUG, `Couldn't open device node for ${dev}: ${(e as Error).message}`);
    return false;
  }
}

export type CheckedPaths = { paths: Path[]; partitionsOf: (devt: string) => readonly string[] };

/** The non-blacklisted paths with their checker state and priority, in
 * udev order; the paths' commands run together (probeConcurrently). */
export function checkedPaths(config: Config): CheckedPaths {
  const partitions = new Map<string, readonly string[]>();
  const prober = new PathProber(config);
  const candidates: PathFacts[] = [];
  for (const disk of wholeDisks()) {
    partitions.set(disk.devt, disk.partitions);
    const facts = pathFacts(disk.devt);
    if (!facts) continue; // removed since the listing
    // as pathinfo: a blacklisted device node is left before any I/O to it
    if (isBlacklisted(filterDevnode(config.blacklist, config.blacklistExceptions, facts.dev).verdict)) {
      pathBlacklisted(config, facts, selectPathSettings(config, settingsFacts(facts)).uid_attribute.value, undefined);
      continue;
    }
    candidates.push(facts);
  }
  const checks = probeConcurrently(candidates.map((f) => ({ f, program: prober.checkProgram(f) })));
  const paths: Path[] = [];
  candidates.forEach((facts, i) => {
    let check = checks[i]!;
    if (!opens(facts.dev)) check = { settings: check.settings, tpgs: check.tpgs, check: { state: "down", message: "" }, priority: PRIO_UNDEF };
    if (pathBlacklisted(config, facts, check.settings.uid_attribute.value, check.wwid)) return;
    let tpg: number | undefined;
    const tpgId = () => (tpg ??= check.tpgs !== "none" && check.tpgs !== "undef" && facts.sysfsState === "up" ? tpgIdOf(facts.dev) : -1);
    paths.push({ facts, check, tpgId, order: paths.length });
  });
  return { paths, partitionsOf: (devt) => partitions.get(devt) ?? [] };
}
