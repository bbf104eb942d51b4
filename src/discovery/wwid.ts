// A path's WWID as upstream's get_uid finds it: the udev property the
// configuration names (uid_attribute), else, when that attribute is the
// bus's default or "", a fallback from the device's own identity (SCSI:
// VPD page 0x83, NVMe: the namespace's "wwid" attribute). Over-long NVMe
// WWIDs padded with hex zero bytes are repaired.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SysfsPath } from "./sysfsPath.ts";
import { scsiVpdWwid } from "./vpdWwid.ts";

/** upstream's WWID_SIZE: the longest WWID is one less */
export const WWID_SIZE = 128;
const NVME_DEFAULT_UID = "ID_WWN";
const SCSI_DEFAULT_UID = "ID_SERIAL";
const DASD_DEFAULT_UID = "ID_UID";

export type WwidLog = { level: number; msg: string };
export type WwidResult = { wwid?: string; origin?: "udev" | "sysfs" | "sgio"; logs: WwidLog[] };

/** Drop "00" pairs (hex zero bytes) ending at `end`, scanning backwards; returns the new end. */
function dropZeroPairs(s: { text: string }, end: number): number {
  let p = end;
  while (p >= 2 && s.text[p - 1] === "0" && s.text[p - 2] === "0") p -= 2;
  if (p !== end) s.text = s.text.slice(0, p) + s.text.slice(end);
  return p;
}

/**
 * Some Linux NVMe host/target pairs pad the serial and model of an
 * "nvme.<vid>-<serial>-<model>-<nsid>" WWID with hex-encoded zero bytes,
 * making it longer than a WWID may be. Returns the value without them, or
 * undefined when it is not of that form or still too long.
 */
export function fixBrokenNvmeWwid(value: string, size = WWID_SIZE): string | undefined {
  if (value.length >= 256) return undefined;
  if (!/^nvme\.[0-9a-fA-F]{4}-/.test(value)) return undefined;
  const s = { text: value };
  const modelEnd = s.text.lastIndexOf("-");
  if (modelEnd < 0) return undefined;
  const p = dropZeroPairs(s, modelEnd);
  // exactly three dashes: after the vendor id, after the serial, after the model
  const serialEnd = s.text.lastIndexOf("-", p - 1);
  if (serialEnd < 0 || s.text.lastIndexOf("-", serialEnd - 1) !== 9) return undefined;
  dropZeroPairs(s, serialEnd);
  return s.text.length >= size ? undefined : s.text;
}

/** A value longer than a WWID may be: repaired when it is a padded NVMe WWID, else cut. */
function fitWwid(dev: string, value: string, logs: WwidLog[]): string {
  if (value.length < WWID_SIZE) return value;
  const fixed = fixBrokenNvmeWwid(value);
  if (fixed !== undefined) {
    logs.push({ level: 2, msg: `${dev}: over-long WWID shortened to ${fixed}` });
    return fixed;
  }
  logs.push({ level: 0, msg: `${dev}: wwid overflow` });
  return value.slice(0, WWID_SIZE - 1);
}

/** has_uid_fallback: only the bus's default attribute (or "") may fall
 * back to the device's own identity; another attribute may name another. */
function hasFallback(f: Pick<SysfsPath, "bus">, uid: string): boolean {
  if (f.bus === "scsi") return uid === SCSI_DEFAULT_UID || uid === "";
  if (f.bus === "ccw") return uid === DASD_DEFAULT_UID || uid === "";
  return f.bus === "nvme" && (uid === NVME_DEFAULT_UID || uid === "");
}

function nvmeSysfsWwid(f: Pick<SysfsPath, "dev" | "syspath">, logs: WwidLog[]): string | undefined {
  let raw: string;
  try {
    raw = readFileSync(join(f.syspath, "wwid"), "latin1");
  } catch {
    return undefined;
  }
  // sysfs_attr_get_value: 256 bytes at most, trailing whitespace removed
  if (raw.length >= 256) return undefined;
  const value = raw.replace(/\s+$/, "");
  if (value.length === 0) return undefined;
  return fitWwid(f.dev, value, logs);
}

type Found = { wwid: string } | { error: string };

/** dasd_get_uid: the channel device's "uid" attribute up to its fourth dot
 * (vendor.serial.subsystem.unit, without the token that may follow). */
function dasdUid(f: Partial<Pick<SysfsPath, "ccwDevice">>): string | undefined {
  if (!f.ccwDevice) return undefined;
  let raw: string;
  try {
    raw = readFileSync(join(f.ccwDevice, "uid"), "latin1");
  } catch {
    return undefined;
  }
  const value = raw.replace(/\s+$/, "").slice(0, 79);
  const parts = value.split(".");
  return (parts.length > 4 ? parts.slice(0, 4).join(".") : value).slice(0, WWID_SIZE - 1);
}

/** uid_fallback: the origin is named only once something was found, except
 * for SCSI, whose sources say who failed. */
function fallback(f: Pick<SysfsPath, "dev" | "syspath" | "bus"> & Partial<Pick<SysfsPath, "sysfsState" | "ccwDevice">>, origin: string, logs: WwidLog[]): { found: Found; origin: string } {
  if (f.bus === "scsi") return scsiVpdWwid(f, f.sysfsState === "up", logs);
  if (f.bus === "ccw") {
    const uid = dasdUid(f);
    // dasd_get_uid fails with -1: EPERM's text
    return { found: uid === undefined ? { error: "Operation not permitted" } : { wwid: uid }, origin: "sysfs" };
  }
  const wwid = nvmeSysfsWwid(f, logs);
  // a failed NVMe read is -1 to upstream: EPERM's text
  return wwid === undefined ? { found: { error: "Operation not permitted" }, origin } : { found: { wwid }, origin: "sysfs" };
}

/**
 * get_uid for one path. `udev` is the device's udev properties (null when
 * udev has no record, read as none); `env` stands in for a property udev
 * lacks (multipath -u reads the uevent's environment). The SCSI fallback
 * asks the device (INQUIRY) only when its sysfs state is running.
 */
export function pathWwid(
  f: Pick<SysfsPath, "dev" | "syspath" | "bus"> & Partial<Pick<SysfsPath, "sysfsState" | "ccwDevice">>,
  uid: string | undefined,
  udev: ReadonlyMap<string, string> | null,
  env?: Readonly<Record<string, string | undefined>>,
): WwidResult {
  const logs: WwidLog[] = [];
  if (uid === undefined) return { logs };
  const checkUdev = uid !== "";
  let found: Found = { error: "No data available" };
  let origin = "unknown";
  if (checkUdev) {
    origin = "udev";
    const value = udev?.get(uid) || env?.[uid] || "";
    if (value) found = { wwid: fitWwid(f.dev, value, logs) };
    else logs.push({ level: 3, msg: `${f.dev}: no ${uid} attribute` });
  }
  let usedFallback = false;
  if ((!checkUdev || "error" in found) && hasFallback(f, uid)) {
    // a fallback after udev failed is worth a louder message, as upstream
    usedFallback = checkUdev;
    ({ found, origin } = fallback(f, origin, logs));
  }
  if ("error" in found) {
    logs.push({ level: 1, msg: `${f.dev}: failed to get ${origin} uid: ${found.error}` });
    return { logs };
  }
  const wwid = found.wwid.replace(/ +$/, "");
  logs.push({ level: usedFallback ? 1 : 3, msg: `${f.dev}: uid = ${wwid || "<empty>"} (${origin})` });
  return wwid ? { wwid, origin: origin as "udev" | "sysfs" | "sgio", logs } : { logs };
}

const logged = new Set<string>();

/** The WWID alone; each message is logged once per run (callers ask again for the same path). */
export function wwidOf(
  f: Pick<SysfsPath, "dev" | "syspath" | "bus"> & Partial<Pick<SysfsPath, "sysfsState" | "ccwDevice">>,
  uid: string | undefined,
  udev: ReadonlyMap<string, string> | null,
  log: (level: number, msg: string) => void,
  env?: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const r = pathWwid(f, uid, udev, env);
  for (const l of r.logs) {
    if (logged.has(l.msg)) continue;
    logged.add(l.msg);
    log(l.level, l.msg);
  }
  return r.wwid;
}
