// Raw libdevmapper bindings (dlopen by soname, as the C tools link it).
// Only src/io/devmapper.ts uses these: they deal in dm_task pointers.
import { CString, dlopen, JSCallback, ptr, read, type Pointer } from "bun:ffi";

const i32 = "i32", u32 = "u32", u16 = "u16", u64 = "u64", P = "ptr", V = "void";

export const DM_SONAME = "libdevmapper.so.1.02.1";

/** enum in libdevmapper.h */
export const DmTaskType = {
  CREATE: 0, RELOAD: 1, REMOVE: 2, REMOVE_ALL: 3, SUSPEND: 4, RESUME: 5, INFO: 6, DEPS: 7, RENAME: 8,
  VERSION: 9, STATUS: 10, TABLE: 11, WAITEVENT: 12, LIST: 13, CLEAR: 14, MKNODES: 15, LIST_VERSIONS: 16,
  TARGET_MSG: 17, SET_GEOMETRY: 18, ARM_POLL: 19, GET_TARGET_VERSION: 20,
} as const;

export const DM_UDEV_FLAGS = {
  DISABLE_DM_RULES: 0x0001,
  DISABLE_SUBSYSTEM_RULES: 0x0002,
  DISABLE_DISK_RULES: 0x0004,
  DISABLE_OTHER_RULES: 0x0008,
  LOW_PRIORITY: 0x0010,
  DISABLE_LIBRARY_FALLBACK: 0x0020,
  PRIMARY_SOURCE: 0x0040,
} as const;

let lib: ReturnType<typeof open> | undefined;

function open() {
  return dlopen(DM_SONAME, {
    dm_task_create: { args: [i32], returns: P },
    dm_task_destroy: { args: [P], returns: V },
    dm_task_run: { args: [P], returns: i32 },
    dm_task_set_name: { args: [P, P], returns: i32 },
    dm_task_set_uuid: { args: [P, P], returns: i32 },
    dm_task_set_major: { args: [P, i32], returns: i32 },
    dm_task_set_minor: { args: [P, i32], returns: i32 },
    dm_task_set_ro: { args: [P], returns: i32 },
    dm_task_set_sector: { args: [P, u64], returns: i32 },
    dm_task_set_message: { args: [P, P], returns: i32 },
    dm_task_set_newname: { args: [P, P], returns: i32 },
    dm_task_skip_lockfs: { args: [P], returns: i32 },
    dm_task_set_cookie: { args: [P, P, u16], returns: i32 },
    dm_task_add_target: { args: [P, u64, u64, P, P], returns: i32 },
    dm_task_no_flush: { args: [P], returns: i32 },
    dm_task_no_open_count: { args: [P], returns: i32 },
    dm_task_retry_remove: { args: [P], returns: i32 },
    dm_task_deferred_remove: { args: [P], returns: i32 },
    dm_task_get_info: { args: [P, P], returns: i32 },
    dm_task_get_name: { args: [P], returns: P },
    dm_task_get_uuid: { args: [P], returns: P },
    dm_task_get_names: { args: [P], returns: P },
    dm_task_get_deps: { args: [P], returns: P },
    dm_task_get_versions: { args: [P], returns: P },
    dm_task_get_message_response: { args: [P], returns: P },
    dm_task_get_driver_version: { args: [P, P, u64], returns: i32 },
    dm_task_get_errno: { args: [P], returns: i32 },
    dm_get_next_target: { args: [P, P, P, P, P, P], returns: P },
    dm_get_library_version: { args: [P, u64], returns: i32 },
    dm_udev_get_sync_support: { args: [], returns: i32 },
    dm_udev_set_sync_support: { args: [i32], returns: V },
    dm_udev_wait_immediate: { args: [u32, P], returns: i32 },
    dm_udev_complete: { args: [u32], returns: i32 },
    dm_log_with_errno_init: { args: [P], returns: V },
    dm_lib_release: { args: [], returns: V },
  }).symbols;
}

/** The library, opened on first use; throws a clear error when absent. */
export function dm(): ReturnType<typeof open> {
  if (!lib) {
    try {
      lib = open();
    } catch (e) {
      throw new Error(`cannot load ${DM_SONAME} (install libdevmapper1.02.1): ${(e as Error).message}`);
    }
  }
  return lib;
}

export function cstring(p: Pointer | null): string | null {
  return p ? new CString(p).toString() : null;
}

export function cbuf(s: string): Buffer {
  return Buffer.from(s + "\0");
}

// libdm logs through a variadic callback. On x86_64 SysV the integer/pointer
// varargs occupy the same slots as fixed arguments, so the callback takes
// 27 u64 "extra" arguments (libdm's longest format uses 26) and hands them
// unchanged to snprintf, which does the formatting in C. bun:ffi allows at
// most 32 parameters: 5 fixed + 27.
const VARARGS = 27;
const relaySnprintf = () =>
  dlopen("libc.so.6", {
    snprintf: { args: [P, u64, P, ...Array<"u64">(VARARGS).fill(u64)], returns: i32 },
  }).symbols.snprintf;

export type DmLogSink = (level: number, file: string, line: number, errno: number, message: string) => void;

let logCallback: JSCallback | undefined;

/** Route libdm's messages with level <= maxLevel to sink (libdm: 3 error .. 7 debug). */
export function installDmLogger(sink: DmLogSink, maxLevel: () => number): void {
  const snprintf = relaySnprintf();
  const buf = new Uint8Array(4096);
  logCallback?.close();
  logCallback = new JSCallback(
    (level: number, file: Pointer | null, line: number, errno: number, fmt: Pointer | null, ...args: bigint[]) => {
      // Mask the dm log flag bits (e.g. _LOG_STDERR 128) off the level.
      const lvl = level & 0x7f;
      if (lvl > maxLevel() || !fmt) return;
      const n = (snprintf as (...a: unknown[]) => number)(ptr(buf), BigInt(buf.length), fmt, ...args);
      const text = Buffer.from(buf.subarray(0, Math.max(0, Math.min(n, buf.length - 1)))).toString("utf8");
      sink(lvl, cstring(file) ?? "", line, errno, text);
    },
    { args: [i32, P, i32, i32, P, ...Array<"u64">(VARARGS).fill(u64)], returns: V },
  );
  dm().dm_log_with_errno_init(logCallback.ptr);
}

export function readU32(p: Pointer, off: number): number {
  return read.u32(p, off);
}

export function readU64(p: Pointer, off: number): bigint {
  return read.u64(p, off);
}

export { ptr };

/** bun-types declares pointer returns as Pointer | bigint | null; at run time they are numbers. */
export function toPtr(p: Pointer | bigint | null): Pointer | null {
  if (p === null || p === 0 || p === 0n) return null;
  return (typeof p === "bigint" ? Number(p) : p) as Pointer;
}
