// A path's WWID as upstream's get_uid finds it: the udev property named by
// uid_attribute; when udev has none and uid_attribute is the default (or
// ""), the device's own identity: SCSI VPD page 0x83 as sysfs caches it,
// else asked with INQUIRY if the path is up; NVMe's sysfs wwid. No WWID
// leaves the path out of every map ("orphan path, no WWID").
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { PathFacts } from "../discovery/pathFacts.ts";
import { sgIo, sgOk, withSgDevice } from "../io/sg.ts";
import { LOG, condlog } from "../log.ts";
import { inquiry } from "../scsi/commands.ts";
import { wwidFromVpd83 } from "../scsi/vpd.ts";

const WWID_SIZE = 128;
const VPD_BUFLEN = 4096;
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: "No such file or directory", ENODATA: "No data available", EINVAL: "Invalid argument",
  EOVERFLOW: "Value too large for defined data type", EIO: "Input/output error", ENXIO: "No such device or address",
  EACCES: "Permission denied", ENODEV: "No such device",
};

type Found = { wwid: string } | { error: string };

/** A whole VPD 0x83 page as the device returned it, to its stated length. */
function fromPage(page: Uint8Array): Found {
  if (page.length < 4 || page[1] !== 0x83) {
    condlog(LOG.INFO, `vpd pg83 error, invalid vpd page ${(page[1] ?? 0).toString(16).padStart(2, "0")}`);
    return { error: "ENODATA" };
  }
  let len = ((page[2]! << 8) | page[3]!) + 4;
  if (len > VPD_BUFLEN) {
    condlog(LOG.INFO, "vpd pg83 page truncated");
    len = VPD_BUFLEN;
  }
  const buf = new Uint8Array(Math.max(len, page.length));
  buf.set(page.subarray(0, Math.min(page.length, buf.length)));
  const r = wwidFromVpd83(buf, len);
  for (const w of r.warnings) condlog(LOG.NOTICE, w);
  if (r.wwid !== undefined) return { wwid: r.wwid };
  return { error: r.error === "overflow" ? "EOVERFLOW" : r.error === "invalid" ? "EINVAL" : "ENODATA" };
}

function sysfsVpd83(f: PathFacts): Found {
  let page: Uint8Array;
  try {
    page = readFileSync(join(f.syspath, "device/vpd_pg83"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "EIO";
    condlog(LOG.INFO, `failed to read sysfs vpd pg83: ${ERRNO_TEXT[code] ?? code}`);
    return { error: code };
  }
  return fromPage(page);
}

function inquiryVpd83(f: PathFacts): Found {
  try {
    return withSgDevice(`/dev/${f.dev}`, (fd) => {
      const r = sgIo(fd, inquiry(0x83, VPD_BUFLEN));
      if (!sgOk(r)) throw new Error("check condition");
      return fromPage(r.data);
    });
  } catch {
    condlog(LOG.INFO, "failed to issue vpd inquiry for pg83");
    return { error: "EIO" };
  }
}

function hasFallback(f: PathFacts, uid: string): boolean {
  if (f.bus === "scsi") return uid === "ID_SERIAL" || uid === "";
  if (f.bus === "nvme") return uid === "ID_WWN" || uid === "";
  return false;
}

function fallback(f: PathFacts, up: boolean): { found: Found; origin: string } {
  if (f.bus === "nvme") {
    try {
      return { found: { wwid: readFileSync(join(f.syspath, "wwid"), "latin1").replace(/\n$/, "") }, origin: "sysfs" };
    } catch (e) {
      return { found: { error: (e as NodeJS.ErrnoException).code ?? "EIO" }, origin: "sysfs" };
    }
  }
  const found = sysfsVpd83(f);
  if (!("error" in found) || !up) return { found, origin: "sysfs" };
  condlog(LOG.WARN, `${f.dev}: failed to get sysfs uid: ${ERRNO_TEXT[found.error] ?? found.error}`);
  return { found: inquiryVpd83(f), origin: "sgio" };
}

/** `uid`: the selected uid_attribute (undefined: none, no WWID). */
export function pathWwid(f: PathFacts, uid: string | undefined, up: boolean): string | undefined {
  if (uid === undefined) return undefined;
  let found: Found = { error: "ENODATA" };
  let origin = "unknown";
  let usedFallback = false;
  if (uid !== "") {
    origin = "udev";
    const v = f.udev?.get(uid);
    if (v && v.length >= WWID_SIZE) condlog(LOG.ERR, `${f.dev}: wwid overflow`);
    if (v) found = { wwid: v.slice(0, WWID_SIZE - 1) };
    else condlog(LOG.INFO, `${f.dev}: no ${uid} attribute`);
  }
  if ((uid === "" || "error" in found) && hasFallback(f, uid)) {
    usedFallback = uid !== "";
    ({ found, origin } = fallback(f, up));
  }
  if ("error" in found) {
    condlog(LOG.WARN, `${f.dev}: failed to get ${origin} uid: ${ERRNO_TEXT[found.error] ?? found.error}`);
    return undefined;
  }
  const wwid = found.wwid.replace(/ +$/, "");
  condlog(usedFallback ? LOG.WARN : LOG.INFO, `${f.dev}: uid = ${wwid || "<empty>"} (${origin})`);
  return wwid || undefined;
}
