// Device-mapper through libdevmapper: typed queries and messages. No pointer
// leaves src/io; map-changing operations with udev sync are in dmOps.ts.
import type { Pointer } from "bun:ffi";
import { DmTaskType, cbuf, cstring, dm, ptr, readU32, readU64, toPtr } from "../../ffi/devmapper.ts";
import { type Devt, decodeDevt } from "./devt.ts";
import { DmError, type DmInfo, type DmTarget, type TaskSetup, readInfo, readTargets, runTask } from "./dmTask.ts";

export { DmError, type DmInfo, type DmTarget, useLibdmDefaultLog } from "./dmTask.ts";
export type DmDevice = { name: string; major: number; minor: number; eventNr: number };
export type DmTargetVersion = { name: string; version: [number, number, number] };

const byName = (name: string): TaskSetup => ({ name });

/** All dm devices with their devt and event counter (DM_DEVICE_LIST). */
export function dmList(): DmDevice[] {
  return runTask(DmTaskType.LIST, "list", {}, () => {}, (t) => {
    const p = toPtr(dm().dm_task_get_names(t));
    const devices: DmDevice[] = [];
    if (!p || readU64(p, 0) === 0n) return devices;
    // struct dm_names { u64 dev; u32 next; char name[]; } then, since dm
    // ioctl 4.37, a u32 event_nr at the next 8-byte boundary after the name.
    let off = 0;
    for (;;) {
      const dev = readU64(p, off);
      const next = readU32(p, off + 8);
      const name = cstring((p + off + 12) as Pointer) ?? "";
      const evOff = (12 + Buffer.byteLength(name) + 1 + 7) & ~7;
      const eventNr = next === 0 || evOff + 4 <= next ? readU32(p, off + evOff) : 0;
      devices.push({ name, ...decodeDevt(dev), eventNr });
      if (!next) break;
      off += next;
    }
    return devices;
  });
}

/** Info for a device, or null when it does not exist. */
export function dmInfo(name: string): DmInfo | null {
  return runTask(DmTaskType.INFO, "info", byName(name), () => {}, (t) => {
    const info = readInfo(t);
    return info.exists ? info : null;
  });
}

export function dmInfoByDevt(major: number, minor: number): (DmInfo & { name: string; uuid: string }) | null {
  return runTask(DmTaskType.INFO, "info", { devt: { major, minor } }, () => {}, (t) => {
    const info = readInfo(t);
    if (!info.exists) return null;
    const lib = dm();
    return { ...info, name: cstring(toPtr(lib.dm_task_get_name(t))) ?? "", uuid: cstring(toPtr(lib.dm_task_get_uuid(t))) ?? "" };
  });
}

/** The name of the map with this uuid, or null. */
export function dmNameByUuid(uuid: string): string | null {
  try {
    return runTask(DmTaskType.INFO, "info", { uuid }, () => {}, (t) =>
      readInfo(t).exists ? cstring(toPtr(dm().dm_task_get_name(t))) || null : null);
  } catch {
    return null;
  }
}

/** Whether libdm waits for udev at all (kpartx -n turns it off; cookies still carry their flags). */
export function dmSetUdevSync(enabled: boolean): void {
  dm().dm_udev_set_sync_support(enabled ? 1 : 0);
}

export function dmNameByDevt(major: number, minor: number): string | null {
  return dmInfoByDevt(major, minor)?.name ?? null;
}

/** Info and uuid ("" when none) in one task, or null when the map does not exist. */
export function dmInfoAndUuid(name: string): { info: DmInfo; uuid: string } | null {
  return runTask(DmTaskType.INFO, "info", byName(name), () => {}, (t) => {
    const info = readInfo(t);
    if (!info.exists) return null;
    return { info, uuid: cstring(toPtr(dm().dm_task_get_uuid(t))) ?? "" };
  });
}

/** The map's uuid ("" when it has none), or null when it does not exist. */
export function dmUuid(name: string): string | null {
  return runTask(DmTaskType.INFO, "info", byName(name), () => {}, (t) => {
    if (!readInfo(t).exists) return null;
    return cstring(toPtr(dm().dm_task_get_uuid(t))) ?? "";
  });
}

/** The devices a map is built on (DM_TABLE_DEPS), in the kernel's order; by name or by uuid. */
export function dmDeps(setup: { name: string } | { uuid: string }): Devt[] {
  return runTask(DmTaskType.DEPS, "deps", setup, () => {}, (t) => {
    // struct dm_deps { u32 count; u32 filler; u64 device[]; }
    const p = toPtr(dm().dm_task_get_deps(t));
    if (!p) return [];
    const out: Devt[] = [];
    for (let i = 0, n = readU32(p, 0); i < n; i++) out.push(decodeDevt(readU64(p, 8 + 8 * i)));
    return out;
  });
}

export function dmTable(name: string): DmTarget[] {
  return runTask(DmTaskType.TABLE, "table", byName(name), () => {}, readTargets);
}

export function dmStatus(name: string): DmTarget[] {
  return runTask(DmTaskType.STATUS, "status", byName(name), () => {}, readTargets);
}

/** Send a target message (e.g. "fail_path 8:16"); returns the response text. */
export function dmMessage(name: string, message: string, sector = 0): string {
  return runTask(DmTaskType.TARGET_MSG, "message", byName(name), (t) => {
    const lib = dm();
    lib.dm_task_set_sector(t, BigInt(sector));
    if (!lib.dm_task_set_message(t, cbuf(message))) throw new DmError("message", name, 0, ["invalid message"]);
  }, (t) => cstring(toPtr(dm().dm_task_get_message_response(t))) ?? "");
}

export function dmTargetVersions(): DmTargetVersion[] {
  return runTask(DmTaskType.LIST_VERSIONS, "list versions", {}, () => {}, (t) => {
    const p = toPtr(dm().dm_task_get_versions(t));
    const out: DmTargetVersion[] = [];
    if (!p) return out;
    let off = 0;
    for (;;) {
      const next = readU32(p, off);
      const v: [number, number, number] = [readU32(p, off + 4), readU32(p, off + 8), readU32(p, off + 12)];
      out.push({ name: cstring((p + off + 16) as Pointer) ?? "", version: v });
      if (!next) break;
      off += next;
    }
    return out;
  });
}

export function dmDriverVersion(): string {
  return runTask(DmTaskType.VERSION, "version", {}, () => {}, (t) => {
    const b = new Uint8Array(64);
    dm().dm_task_get_driver_version(t, ptr(b), BigInt(b.length));
    return Buffer.from(b.subarray(0, b.indexOf(0))).toString();
  });
}

export function dmLibraryVersion(): string {
  const b = new Uint8Array(64);
  dm().dm_get_library_version(ptr(b), BigInt(b.length));
  return Buffer.from(b.subarray(0, b.indexOf(0))).toString();
}

export {
  dmCreate, dmCreateStart, dmReload, dmReloadStart, dmRemove, dmRename, dmResume, dmSuspend, udevWait, udevWaitAll,
} from "./dmOps.ts";
