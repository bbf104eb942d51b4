// The dm task runner under src/io/devmapper.ts and src/io/dmOps.ts: creates a
// task, sets it up, runs it and destroys it on every path. Failures carry
// libdm's own messages, since dm_task_get_errno is 0 for compound operations.
import type { Pointer } from "bun:ffi";
import { cbuf, cstring, dm, installDmLogger, ptr, toPtr } from "../../ffi/devmapper.ts";
import { stderr } from "../cli/io.ts";
import { strerror } from "../../ffi/libc.ts";
import { getVerbosity, writeLog } from "../log.ts";

export type DmTarget = { start: number; length: number; type: string; params: string };
export type DmInfo = {
  exists: boolean; suspended: boolean; liveTable: boolean; inactiveTable: boolean; openCount: number;
  eventNr: number; major: number; minor: number; readOnly: boolean; targetCount: number;
  deferredRemove: boolean; internalSuspend: boolean;
};

export class DmError extends Error {
  constructor(
    readonly op: string,
    readonly device: string | undefined,
    readonly errno: number,
    readonly dmMessages: string[],
  ) {
    const what = device ? `${op} ${device}` : op;
    const detail = dmMessages.length ? `: ${dmMessages.join("; ")}` : errno ? `: errno ${errno}` : "";
    super(`device-mapper ${what} failed${detail}`);
    this.name = "DmError";
  }

  /** strerror of dm_task_get_errno ("Success" for 0, as libdm reports compound failures) */
  get errnoText(): string {
    return strerror(this.errno);
  }
}

// libdm messages of the task being run, for the error we throw.
let captured: string[] | undefined;
let loggerReady = false;
let plainLog = false;

/** Print libdm's messages as its own default logger does (errors and
 * warnings, bare, on stderr): for tools like kpartx that install no logger. */
export function useLibdmDefaultLog(): void {
  plainLog = true;
}

function ensureLogger(): void {
  if (loggerReady) return;
  loggerReady = true;
  // As upstream: libdm's levels are syslog's (3 err .. 7 debug) and a
  // message shows when its level <= verbosity + 2, so -v2 shows errors
  // and warnings, formatted "libdevmapper: <file>(<line>): <message>".
  installDmLogger(
    (level, file, line, _errno, message) => {
      if (level <= 3) captured?.push(message);
      if (plainLog) {
        if (level <= 4) stderr(`${message}\n`);
      } else if (Math.min(level, 7) <= getVerbosity() + 2) writeLog(Math.max(0, level - 3), `libdevmapper: ${file}(${line}): ${message}`);
    },
    // Always take errors (for DmError); more only at higher verbosity.
    () => Math.max(3, getVerbosity() + 2),
  );
}

export type Task = Pointer;
export type TaskSetup = { name?: string; uuid?: string; devt?: { major: number; minor: number } };

export function runTask<T>(type: number, op: string, setup: TaskSetup, configure: (t: Task) => void, then: (t: Task) => T): T {
  ensureLogger();
  const lib = dm();
  const t = toPtr(lib.dm_task_create(type));
  if (!t) throw new DmError(op, setup.name, 0, ["dm_task_create failed"]);
  try {
    if (setup.name !== undefined && !lib.dm_task_set_name(t, cbuf(setup.name))) {
      throw new DmError(op, setup.name, 0, ["invalid device name"]);
    }
    if (setup.uuid !== undefined && !lib.dm_task_set_uuid(t, cbuf(setup.uuid))) {
      throw new DmError(op, setup.name, 0, ["invalid uuid"]);
    }
    if (setup.devt) {
      lib.dm_task_set_major(t, setup.devt.major);
      lib.dm_task_set_minor(t, setup.devt.minor);
    }
    configure(t);
    captured = [];
    const ok = lib.dm_task_run(t);
    const messages = captured;
    captured = undefined;
    if (!ok) throw new DmError(op, setup.name ?? devtName(setup.devt), lib.dm_task_get_errno(t), messages);
    return then(t);
  } finally {
    captured = undefined;
    lib.dm_task_destroy(t);
  }
}

function devtName(d: { major: number; minor: number } | undefined): string | undefined {
  return d ? `${d.major}:${d.minor}` : undefined;
}

export function readInfo(t: Task): DmInfo {
  const b = new Int32Array(12);
  if (!dm().dm_task_get_info(t, ptr(b))) throw new DmError("info", undefined, 0, ["dm_task_get_info failed"]);
  return {
    exists: b[0] !== 0, suspended: b[1] !== 0, liveTable: b[2] !== 0, inactiveTable: b[3] !== 0, openCount: b[4]!,
    eventNr: b[5]! >>> 0, major: b[6]! >>> 0, minor: b[7]! >>> 0, readOnly: b[8] !== 0, targetCount: b[9]!,
    deferredRemove: b[10] !== 0, internalSuspend: b[11] !== 0,
  };
}

export function readTargets(t: Task): DmTarget[] {
  const lib = dm();
  const start = new BigUint64Array(1), length = new BigUint64Array(1);
  const type = new BigUint64Array(1), params = new BigUint64Array(1);
  const targets: DmTarget[] = [];
  let next: Pointer | null = null;
  do {
    next = toPtr(lib.dm_get_next_target(t, next, ptr(start), ptr(length), ptr(type), ptr(params)));
    const typeStr = type[0] ? cstring(Number(type[0]) as Pointer) : null;
    if (typeStr === null) break; // empty table
    targets.push({
      start: Number(start[0]), length: Number(length[0]), type: typeStr,
      params: params[0] ? (cstring(Number(params[0]) as Pointer) ?? "") : "",
    });
  } while (next);
  return targets;
}

