// Synthetic uevents for the paths of a new map (upstream's
// trigger_paths_udev_change): udev's multipath rules then see each path,
// and its partitions, as a multipath member (or, after a failed create, as
// free again). A path udev already treats as a member needs none.
import { writeFileSync } from "node:fs";
import type { PathFacts } from "../discovery/pathFacts.ts";
import { LOG, condlog } from "../log.ts";

/** Whether `p` needs an event: to become a member, unless udev already made
 * it one and no find_multipaths wait runs; to be released, if it was one. */
export function needsUevent(udev: ReadonlyMap<string, string> | null, isMpath: boolean): boolean {
  const member = udev?.get("DM_MULTIPATH_DEVICE_PATH");
  if (isMpath && member === "1") {
    const wait = udev?.get("FIND_MULTIPATHS_WAIT_UNTIL");
    return wait !== undefined && wait !== "0";
  }
  if (!isMpath) return member !== undefined && member !== "0";
  return true;
}

/** Send "change" (member) or "add" (released) to each path that needs it
 * and to its partitions; a path that went away is skipped. */
export function triggerPathUevents(paths: readonly { facts: PathFacts; partitions: readonly string[] }[], isMpath: boolean): void {
  const action = isMpath ? "change" : "add";
  for (const { facts: p, partitions } of paths) {
    if (!needsUevent(p.udev, isMpath)) continue;
    condlog(LOG.INFO, `triggering ${action} uevent for ${p.dev} (is ${isMpath ? "" : "no "}multipath member)`);
    for (const dir of [p.syspath, ...partitions]) {
      try {
        writeFileSync(`${dir}/uevent`, action);
      } catch {
        /* removed meanwhile */
      }
    }
  }
}
