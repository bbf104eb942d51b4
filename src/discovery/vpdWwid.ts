// A SCSI path's WWID from the device itself, upstream's uid_fallback for
// SCSI: the VPD page 0x83 the kernel caches in sysfs, else (a running path
// only) the page asked for with INQUIRY through SG_IO.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sgIo, sgOk, withSgDevice } from "../io/sg.ts";
import { inquiry } from "../scsi/commands.ts";
import { wwidFromVpd83 } from "../scsi/vpd.ts";
import type { SysfsPath } from "./sysfsPath.ts";

const VPD_BUFLEN = 4096;

export type VpdLog = { level: number; msg: string };
/** `error`: the errno's text, as strerror words it */
export type VpdFound = { wwid: string } | { error: string };

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: "No such file or directory", ENODATA: "No data available", EINVAL: "Invalid argument",
  EOVERFLOW: "Value too large for defined data type", EIO: "Input/output error", ENXIO: "No such device or address",
  EACCES: "Permission denied", ENODEV: "No such device",
};
const errnoText = (code: string) => ERRNO_TEXT[code] ?? code;

/** A whole VPD 0x83 response, read to the length it states. */
function fromPage(page: Uint8Array, logs: VpdLog[]): VpdFound {
  if (page.length < 4 || page[1] !== 0x83) {
    logs.push({ level: 3, msg: `vpd pg83 error, invalid vpd page ${(page[1] ?? 0).toString(16).padStart(2, "0")}` });
    return { error: errnoText("ENODATA") };
  }
  let len = ((page[2]! << 8) | page[3]!) + 4;
  if (len > VPD_BUFLEN) {
    logs.push({ level: 3, msg: "vpd pg83 page truncated" });
    len = VPD_BUFLEN;
  }
  // zero-filled past what the device sent, as upstream's buffer
  const buf = new Uint8Array(Math.max(len, page.length));
  buf.set(page.subarray(0, Math.min(page.length, buf.length)));
  const r = wwidFromVpd83(buf, len);
  for (const w of r.warnings) logs.push({ level: 2, msg: w });
  if (r.wwid !== undefined) return { wwid: r.wwid };
  return { error: errnoText(r.error === "overflow" ? "EOVERFLOW" : r.error === "invalid" ? "EINVAL" : "ENODATA") };
}

function fromSysfs(f: Pick<SysfsPath, "syspath">, logs: VpdLog[]): VpdFound {
  let page: Uint8Array;
  try {
    page = readFileSync(join(f.syspath, "device/vpd_pg83"));
  } catch (e) {
    const text = errnoText((e as NodeJS.ErrnoException).code ?? "EIO");
    logs.push({ level: 3, msg: `failed to read sysfs vpd pg83: ${text}` });
    return { error: text };
  }
  return fromPage(page, logs);
}

function fromInquiry(f: Pick<SysfsPath, "dev">, logs: VpdLog[]): VpdFound {
  try {
    return withSgDevice(`/dev/${f.dev}`, (fd) => {
      const r = sgIo(fd, inquiry(0x83, VPD_BUFLEN));
      if (!sgOk(r)) throw new Error("check condition");
      return fromPage(r.data, logs);
    });
  } catch {
    logs.push({ level: 3, msg: "failed to issue vpd inquiry for pg83" });
    return { error: errnoText("EIO") };
  }
}

/** The fallback's result and the source it names ("sysfs" or "sgio"). */
export function scsiVpdWwid(f: Pick<SysfsPath, "dev" | "syspath">, up: boolean, logs: VpdLog[]): { found: VpdFound; origin: string } {
  const found = fromSysfs(f, logs);
  if (!("error" in found) || !up) return { found, origin: "sysfs" };
  logs.push({ level: 1, msg: `${f.dev}: failed to get sysfs uid: ${found.error}` });
  return { found: fromInquiry(f, logs), origin: "sgio" };
}
