// A path's WWID as upstream's get_uid finds it: the udev property the
// configuration names (uid_attribute), else, when that attribute is the
// bus's default or "", a fallback from sysfs (NVMe: the namespace's "wwid"
// attribute). Over-long NVMe WWIDs padded with hex zero bytes are repaired.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SysfsPath } from "./sysfsPath.ts";

/** upstream's WWID_SIZE: the longest WWID is one less */
export const WWID_SIZE = 128;
const NVME_DEFAULT_UID = "ID_WWN";

export type WwidLog = { level: number; msg: string };
export type WwidResult = { wwid?: string; origin?: "udev" | "sysfs"; logs: WwidLog[] };

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

/** has_uid_fallback: only the bus's default attribute (or "") may fall back to sysfs. */
function hasFallback(f: Pick<SysfsPath, "bus">, uid: string): boolean {
  return f.bus === "nvme" && (uid === NVME_DEFAULT_UID || uid === "");
}

function sysfsWwid(f: Pick<SysfsPath, "dev" | "syspath">, logs: WwidLog[]): string | undefined {
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

/**
 * get_uid for one path. `udev` is the device's udev properties (null when
 * udev has no record, read as none); `env` stands in for a property udev
 * lacks (multipath -u reads the uevent's environment).
 */
export function pathWwid(
  f: Pick<SysfsPath, "dev" | "syspath" | "bus">,
  uid: string | undefined,
  udev: ReadonlyMap<string, string> | null,
  env?: Readonly<Record<string, string | undefined>>,
): WwidResult {
  const logs: WwidLog[] = [];
  if (uid === undefined) return { logs };
  const checkUdev = uid !== "";
  let wwid: string | undefined;
  let origin: WwidResult["origin"];
  if (checkUdev) {
    const value = udev?.get(uid) || env?.[uid] || "";
    if (value) {
      wwid = fitWwid(f.dev, value, logs);
      origin = "udev";
    } else logs.push({ level: 3, msg: `${f.dev}: no ${uid} attribute` });
  }
  if (wwid === undefined && hasFallback(f, uid)) {
    wwid = sysfsWwid(f, logs);
    if (wwid !== undefined) origin = "sysfs";
  }
  if (wwid === undefined) {
    // upstream names the last source tried and errno (a failed NVMe sysfs
    // read is -1, EPERM). Said for NVMe only: SCSI's VPD fallback is not built.
    if (f.bus === "nvme") {
      const why = hasFallback(f, uid) ? "Operation not permitted" : "No data available";
      logs.push({ level: 1, msg: `${f.dev}: failed to get ${checkUdev ? "udev" : "unknown"} uid: ${why}` });
    }
    return { logs };
  }
  wwid = wwid.replace(/ +$/, "");
  // a WWID found by falling back is worth a louder message, as upstream
  const loud = origin === "sysfs" && checkUdev;
  logs.push({ level: loud ? 1 : 3, msg: `${f.dev}: uid = ${wwid || "<empty>"} (${origin})` });
  return wwid ? { wwid, origin: origin!, logs } : { logs };
}

const logged = new Set<string>();

/** The WWID alone; messages at level 2 and below are logged once per run. */
export function wwidOf(
  f: Pick<SysfsPath, "dev" | "syspath" | "bus">,
  uid: string | undefined,
  udev: ReadonlyMap<string, string> | null,
  log: (level: number, msg: string) => void,
  env?: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const r = pathWwid(f, uid, udev, env);
  for (const l of r.logs) {
    if (l.level > 2 || logged.has(l.msg)) continue;
    logged.add(l.msg);
    log(l.level, l.msg);
  }
  return r.wwid;
}
