// Map-changing device-mapper operations with udev synchronisation. We never
// block in dm_udev_wait (it hangs for good when the dm notify rule is
// missing or udevd died): dm_udev_wait_immediate is polled from a timer
// and, past a cap, the cookie is completed by hand and the caller told.
import { DM_UDEV_FLAGS, DmTaskType, cbuf, dm, ptr } from "../../ffi/devmapper.ts";
import { LOG, condlog } from "../log.ts";
import { DmError, type DmTarget, type Task, readInfo, runTask } from "./dmTask.ts";

export type UdevSync = {
  /** wait for udev to process the event (default true) */
  udevSync?: boolean;
  /** give up waiting after this many ms (default 20000) */
  udevTimeoutMs?: number;
  /** extra DM_UDEV_* flags for the event */
  udevFlags?: number;
};
export type UdevWait = { cookie: number; waitedMs: number; timedOut: boolean };

const POLL_MS = 5;

function setCookie(t: Task, opts: UdevSync): Uint32Array | undefined {
  if (opts.udevSync === false) return undefined;
  const cookie = new Uint32Array(1);
  const flags = DM_UDEV_FLAGS.DISABLE_LIBRARY_FALLBACK | (opts.udevFlags ?? 0);
  if (!dm().dm_task_set_cookie(t, ptr(cookie), flags)) return undefined;
  return cookie;
}

/** Wait for udev to finish the events of `cookie` without blocking the event loop. */
export async function udevWait(cookie: number, timeoutMs = 20_000): Promise<UdevWait> {
  if (!cookie) return { cookie, waitedMs: 0, timedOut: false };
  const lib = dm();
  const ready = new Int32Array(1);
  const t0 = performance.now();
  for (;;) {
    if (!lib.dm_udev_wait_immediate(cookie, ptr(ready))) {
      // The semaphore is gone or broken: nothing left to wait for.
      condlog(LOG.WARN, `udev cookie 0x${cookie.toString(16)}: wait failed, not waiting`);
      return { cookie, waitedMs: performance.now() - t0, timedOut: false };
    }
    if (ready[0]) return { cookie, waitedMs: performance.now() - t0, timedOut: false };
    const waited = performance.now() - t0;
    if (waited >= timeoutMs) {
      lib.dm_udev_complete(cookie);
      condlog(LOG.WARN, `udev did not confirm cookie 0x${cookie.toString(16)} within ${timeoutMs} ms ` +
        "(is udevd running with the dm rules?); continuing without it");
      return { cookie, waitedMs: waited, timedOut: true };
    }
    await Bun.sleep(POLL_MS);
  }
}

/** Wait for several cookies with one poller: each check is a semaphore
 * operation (and libdm debug logging), so one timer per cookie would keep a
 * CPU busy that udev needs to confirm them. The cap is on time without
 * progress: udev confirms a large set slowly but steadily; once it is hit,
 * the cookies not yet confirmed are completed by hand without more waiting. */
export async function udevWaitAll(cookies: readonly number[], timeoutMs = 20_000): Promise<UdevWait[]> {
  const lib = dm();
  const ready = new Int32Array(1);
  const t0 = performance.now();
  let progress = t0;
  let gaveUp = false;
  const out: UdevWait[] = [];
  for (const cookie of cookies) {
    if (!cookie) {
      out.push({ cookie, waitedMs: 0, timedOut: false });
      continue;
    }
    for (;;) {
      if (!lib.dm_udev_wait_immediate(cookie, ptr(ready))) {
        condlog(LOG.WARN, `udev cookie 0x${cookie.toString(16)}: wait failed, not waiting`);
        out.push({ cookie, waitedMs: performance.now() - t0, timedOut: false });
        break;
      }
      if (ready[0]) {
        progress = performance.now();
        out.push({ cookie, waitedMs: progress - t0, timedOut: false });
        break;
      }
      const now = performance.now();
      if (gaveUp || now - progress >= timeoutMs) {
        gaveUp = true;
        lib.dm_udev_complete(cookie);
        condlog(LOG.WARN, `udev did not confirm cookie 0x${cookie.toString(16)} within ${timeoutMs} ms ` +
          "(is udevd running with the dm rules?); continuing without it");
        out.push({ cookie, waitedMs: now - t0, timedOut: true });
        break;
      }
      await Bun.sleep(POLL_MS);
    }
  }
  return out;
}

function tableInto(t: Task, table: DmTarget[], name: string, op: string): void {
  for (const tg of table) {
    if (!dm().dm_task_add_target(t, BigInt(tg.start), BigInt(tg.length), cbuf(tg.type), cbuf(tg.params))) {
      throw new DmError(op, name, 0, [`cannot add target ${tg.type} ${tg.start} ${tg.length}`]);
    }
  }
}

export type CreateOpts = UdevSync & { uuid?: string; readOnly?: boolean; noflush?: boolean; skipLockfs?: boolean };

/** Create a map with its table and activate it; with udev sync the
 * /dev/mapper node exists when this returns. */
export async function dmCreate(name: string, table: DmTarget[], opts: CreateOpts = {}): Promise<UdevWait> {
  return udevWait(dmCreateStart(name, table, opts), opts.udevTimeoutMs);
}

/** The create ioctl alone; returns the udev cookie to wait for (0: none).
 * Lets a caller create many maps and wait for udev on all of them at once. */
export function dmCreateStart(name: string, table: DmTarget[], opts: CreateOpts = {}): number {
  let cookie: Uint32Array | undefined;
  runTask(DmTaskType.CREATE, "create", opts.uuid === undefined ? { name } : { name, uuid: opts.uuid }, (t) => {
    tableInto(t, table, name, "create");
    if (opts.readOnly) dm().dm_task_set_ro(t);
    if (opts.skipLockfs) dm().dm_task_skip_lockfs(t);
    if (opts.noflush) dm().dm_task_no_flush(t);
    cookie = setCookie(t, opts);
  }, () => undefined);
  return cookie?.[0] ?? 0;
}

export type ReloadOpts = UdevSync & { readOnly?: boolean; noflush?: boolean; skipResume?: boolean };

/** Load a new table into the inactive slot and (unless skipResume) swap it in. */
export async function dmReload(name: string, table: DmTarget[], opts: ReloadOpts = {}): Promise<UdevWait> {
  return udevWait(dmReloadStart(name, table, opts), opts.udevTimeoutMs);
}

/** Load and resume without waiting for udev; returns the cookie (0: none). */
export function dmReloadStart(name: string, table: DmTarget[], opts: ReloadOpts = {}): number {
  runTask(DmTaskType.RELOAD, "reload", { name }, (t) => {
    tableInto(t, table, name, "reload");
    if (opts.readOnly) dm().dm_task_set_ro(t);
  }, () => undefined);
  if (opts.skipResume) return 0;
  return dmResumeStart(name, opts);
}

export function dmSuspend(name: string, opts: { noflush?: boolean } = {}): void {
  runTask(DmTaskType.SUSPEND, "suspend", { name }, (t) => {
    if (opts.noflush) dm().dm_task_no_flush(t);
  }, () => undefined);
}

export type ResumeOpts = UdevSync & { noflush?: boolean; skipLockfs?: boolean };

export async function dmResume(name: string, opts: ResumeOpts = {}): Promise<UdevWait> {
  return udevWait(dmResumeStart(name, opts), opts.udevTimeoutMs);
}

function dmResumeStart(name: string, opts: ResumeOpts): number {
  let cookie: Uint32Array | undefined;
  runTask(DmTaskType.RESUME, "resume", { name }, (t) => {
    if (opts.noflush) dm().dm_task_no_flush(t);
    if (opts.skipLockfs) dm().dm_task_skip_lockfs(t);
    cookie = setCookie(t, opts);
  }, () => undefined);
  return cookie?.[0] ?? 0;
}

export type RemoveOpts = UdevSync & {
  /** extra attempts when the map is busy (udev probing it, or in use) */
  retries?: number;
  retryDelayMs?: number;
  /** let the kernel remove the map when its last opener closes it */
  deferred?: boolean;
  noflush?: boolean;
  skipLockfs?: boolean;
};

const EBUSY = 16;

/** Remove a map, retrying while it is busy, as `multipath -f` does. */
export async function dmRemove(name: string, opts: RemoveOpts = {}): Promise<UdevWait & { attempts: number }> {
  const retries = opts.retries ?? 0;
  for (let attempt = 1; ; attempt++) {
    let cookie: Uint32Array | undefined;
    try {
      runTask(DmTaskType.REMOVE, "remove", { name }, (t) => {
        // libdm retries a busy removal itself a few times (udev probes
        // hold new maps open briefly); deferred removal never is busy.
        if (opts.deferred) dm().dm_task_deferred_remove(t);
        else dm().dm_task_retry_remove(t);
        if (opts.noflush) dm().dm_task_no_flush(t);
        if (opts.skipLockfs) dm().dm_task_skip_lockfs(t);
        cookie = setCookie(t, opts);
      }, (t) => readInfo(t));
    } catch (e) {
      const busy = e instanceof DmError && (e.errno === EBUSY || e.dmMessages.some((m) => /busy/i.test(m)));
      if (!busy || attempt > retries) throw e;
      condlog(LOG.INFO, `${name}: busy, retrying removal (${attempt}/${retries})`);
      await Bun.sleep(opts.retryDelayMs ?? 1000);
      continue;
    }
    const w = await udevWait(cookie?.[0] ?? 0, opts.udevTimeoutMs);
    return { ...w, attempts: attempt };
  }
}

/** Rename a map (udev moves its /dev/mapper node). */
export async function dmRename(name: string, newName: string, opts: UdevSync = {}): Promise<UdevWait> {
  let cookie: Uint32Array | undefined;
  runTask(DmTaskType.RENAME, "rename", { name }, (t) => {
    if (!dm().dm_task_set_newname(t, cbuf(newName))) throw new DmError("rename", name, 0, ["invalid new name"]);
    cookie = setCookie(t, opts);
  }, () => undefined);
  return udevWait(cookie?.[0] ?? 0, opts.udevTimeoutMs);
}
