// WWIDs whose map could not be created (upstream's failed_wwids): a file
// per WWID under /run/multipath/failed_wwids, so that `multipath -u`
// stops claiming their paths, and removed once a map is made.
import { closeSync, linkSync, mkdirSync, openSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { LOG, condlog } from "../log.ts";

export const FAILED_WWIDS_DIR = "/run/multipath/failed_wwids";

/** Mark `wwid` failed; true when it was not marked before. Created by
 * link(2) from a private file, so concurrent markers never see half a mark. */
export function markFailedWwid(wwid: string, dir = FAILED_WWIDS_DIR): boolean {
  const tmp = join(dir, `${wwid}.${process.pid.toString(16)}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    closeSync(openSync(tmp, "wx", 0o400));
  } catch (e) {
    condlog(LOG.WARN, `mark_failed_wwid: can't setup ${dir}: ${(e as Error).message}`);
    return false;
  }
  let changed = false;
  try {
    linkSync(tmp, join(dir, wwid));
    changed = true;
    condlog(LOG.INFO, `mark_failed: ${wwid}`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") condlog(LOG.WARN, `mark_failed: ${wwid}: ${(e as Error).message}`);
  }
  try {
    unlinkSync(tmp);
  } catch {
    /* cannot happen short of someone else removing it */
  }
  return changed;
}

/** Remove the mark; true when there was one. */
export function unmarkFailedWwid(wwid: string, dir = FAILED_WWIDS_DIR): boolean {
  try {
    unlinkSync(join(dir, wwid));
    condlog(LOG.INFO, `unmark_failed: ${wwid}`);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") condlog(LOG.WARN, `unmark_failed: ${wwid}: ${(e as Error).message}`);
    return false;
  }
}
