// Removing ("flushing") multipath maps as `multipath -f/-F` and the daemon's
// `del map` do: partition maps first, never a map in use (unless deferred),
// queueing switched off while removing and restored when removal fails.
import { DmError, dmInfo, dmList, dmMessage, dmRemove, dmResume, dmSuspend, dmTable, dmUuid } from "../io/devmapper.ts";
import { LOG, condlog } from "../log.ts";
import { MPATH_UUID_PREFIX } from "./kernelMaps.ts";

export type FlushResult = "ok" | "fail" | "fail-cant-restore" | "deferred" | "busy";
export type FlushOpts = { retries?: number; deferred?: boolean; suspend?: boolean; retryDelayMs?: number };

/** A map is multipath when its one target is multipath and its uuid says
 * so. The table is read first, as upstream does (a missing map is then
 * reported by libdm's own error message). */
export function isMultipathMap(name: string): boolean {
  try {
    const t = dmTable(name);
    if (t.length !== 1 || t[0]!.type !== "multipath") return false;
    return dmUuid(name)?.startsWith(MPATH_UUID_PREFIX) ?? false;
  } catch {
    return false;
  }
}

/** Partition maps stacked on `name` (kpartx: uuid part<N>-<uuid>, linear on it). */
export function partitionMaps(name: string): string[] {
  const info = dmInfo(name);
  const uuid = dmUuid(name);
  if (!info || !uuid) return [];
  const devt = `${info.major}:${info.minor}`;
  const parts: string[] = [];
  for (const d of dmList()) {
    const u = dmUuid(d.name);
    if (!u || u.replace(/^part\d+-/, "") !== uuid || u === uuid) continue;
    const t = dmTable(d.name);
    if (t.length === 1 && t[0]!.type === "linear" && t[0]!.params.split(" ")[0] === devt) parts.push(d.name);
  }
  return parts;
}

/** The map, or one of its partition maps, that is open by something else
 * than the partition maps themselves; undefined when none is. */
export function mapInUse(name: string): string | undefined {
  const open = dmInfo(name)?.openCount ?? 0;
  if (open === 0) return undefined;
  let parts = 0;
  for (const p of partitionMaps(name)) {
    const pi = dmInfo(p);
    if (!pi) continue;
    if (pi.openCount) return p;
    if (pi.liveTable || pi.inactiveTable) parts++;
  }
  return open > parts ? name : undefined;
}

function hasQueueing(name: string): boolean {
  return dmTable(name)[0]?.params.includes("queue_if_no_path") ?? false;
}

export async function flushMap(name: string, opts: FlushOpts = {}): Promise<FlushResult> {
  if (!isMultipathMap(name)) return "ok";
  const deferred = opts.deferred ?? false;
  const suspend = opts.suspend ?? true;
  const inUse = deferred ? undefined : mapInUse(name);
  if (inUse !== undefined) {
    condlog(LOG.NOTICE, `${inUse}: map in use`);
    return "busy";
  }
  let queueing: 0 | 1 | -1 = 0;
  if (suspend && hasQueueing(name)) {
    try {
      dmMessage(name, "fail_if_no_path");
      queueing = 1;
    } catch {
      queueing = -1; // leave queueing alone if it cannot be switched off
    }
  }
  for (const part of partitionMaps(name)) {
    try {
      await dmRemove(part, { deferred });
    } catch (e) {
      condlog(LOG.NOTICE, `${part}: failed to remove partition map: ${(e as Error).message}`);
      return "busy";
    }
  }
  if (!deferred && (dmInfo(name)?.openCount ?? 0) > 0) {
    condlog(LOG.NOTICE, `${name}: map in use`);
    return "busy";
  }
  let retries = opts.retries ?? 0;
  for (;;) {
    const suspended = suspend && queueing !== -1;
    if (suspended) {
      try {
        dmSuspend(name);
      } catch {
        /* removal is tried anyway */
      }
    }
    try {
      await dmRemove(name, { deferred });
      if (deferred && dmInfo(name)) return "deferred";
      return "ok";
    } catch (e) {
      if (!isMultipathMap(name)) return "ok"; // removed by someone else meanwhile
      condlog(LOG.NOTICE, `failed to remove multipath map ${name}`);
      condlog(LOG.INFO, e instanceof DmError ? e.message : String(e));
      if (suspended) await dmResume(name, { noflush: true }).catch(() => undefined);
    }
    if (retries-- <= 0) break;
    await Bun.sleep(opts.retryDelayMs ?? 1000);
  }
  if (queueing === 1) {
    try {
      dmMessage(name, "queue_if_no_path");
    } catch {
      return "fail-cant-restore";
    }
  }
  return "fail";
}

/** Flush every multipath map; the worst result wins as upstream ranks them. */
export async function flushAll(opts: FlushOpts = {}): Promise<FlushResult> {
  let result: FlushResult = "ok";
  for (const d of dmList()) {
    const r = await flushMap(d.name, opts);
    if (r === "fail" || (result !== "fail" && r === "busy")) result = r;
  }
  return result;
}
