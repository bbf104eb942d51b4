// `multipath -c DEVICE` / `-u`: should this block device be claimed as a
// multipath path? Upstream's is_path_valid and check_path_valid, with the
// find_multipaths modes and the smart-mode wait.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { constants } from "node:fs";
import type { Config } from "../config/index.ts";
import { pathFacts } from "../discovery/pathFacts.ts";
import { skippedBySysfs } from "../discovery/sysfsPath.ts";
import { wwidOf } from "../discovery/wwid.ts";
import { LOG, condlog } from "../log.ts";
import { FAILED_WWIDS_DIR } from "../state/failedWwids.ts";
import { hasWwid } from "../state/wwids.ts";
import type { FindMultipaths } from "./coalesce.ts";
import { settingsFacts } from "./settingsFacts.ts";

export type Validity = "error" | "not-valid" | "valid" | "valid-no-check" | "maybe";

export const FIND_MULTIPATHS_DIR = "/run/multipath/find_multipaths";

/** The WWID of the multipath map holding `dev`, or undefined when none does. */
export function holderMapWwid(dev: string, sys = "/sys"): string | undefined {
  let holders: string[];
  try {
    holders = readdirSync(`${sys}/block/${dev}/holders`).filter((h) => h.startsWith("dm-")).sort();
  } catch {
    return undefined;
  }
  for (const h of holders) {
    try {
      const uuid = readFileSync(`${sys}/block/${dev}/holders/${h}/dm/uuid`, "utf8").trim();
      if (uuid.startsWith("mpath-")) return uuid.slice(6);
    } catch {
      /* gone meanwhile */
    }
  }
  return undefined;
}

/** is_device_in_use: a partition or the disk is held, mounted or used as swap. */
export function deviceInUse(dev: string, sys = "/sys"): boolean {
  const parts = [dev];
  try {
    for (const e of readdirSync(`${sys}/block/${dev}`)) if (existsSync(`${sys}/block/${dev}/${e}/partition`)) parts.push(e);
  } catch {
    return false;
  }
  for (const p of parts) {
    const base = p === dev ? `${sys}/block/${dev}` : `${sys}/block/${dev}/${p}`;
    try {
      if (readdirSync(`${base}/holders`).length > 0) return true;
    } catch {
      /* no holders directory */
    }
  }
  const devts = new Set(parts.map((p) => {
    try {
      return readFileSync(p === dev ? `${sys}/block/${dev}/dev` : `${sys}/block/${dev}/${p}/dev`, "utf8").trim();
    } catch {
      return "";
    }
  }));
  try {
    for (const line of readFileSync("/proc/self/mountinfo", "utf8").split("\n")) {
      if (devts.has(line.split(" ")[2] ?? "")) return true;
    }
    for (const line of readFileSync("/proc/swaps", "utf8").split("\n").slice(1)) {
      const name = line.split(/\s+/)[0] ?? "";
      if (parts.some((p) => name === `/dev/${p}`)) return true;
    }
  } catch {
    /* no /proc */
  }
  return false;
}

/** What deciding a device's validity may ask, in upstream's order; each
 * question is asked only when the answers before it leave the outcome open. */
export type ValidityProbe = {
  /** the WWID of a multipath map holding the device ("" when its uuid names none), undefined when none holds it */
  heldBy(): string | undefined;
  /** false when the daemon is not running (only asked for udev's -u) */
  daemonRunning?: () => boolean;
  /** what udev says the device is */
  devtype(): "disk" | "partition" | "other" | "missing";
  /** sysfs facts, WWID and blacklist (upstream's pathinfo) */
  pathinfo(): { result: "ok"; wwid: string } | { result: "skipped" } | { result: "failed" };
  failedWwid(wwid: string): "failed" | "not-failed" | "error";
  /** held, mounted or swap (asked in greedy and smart modes only) */
  inUse(): boolean;
  inWwidsFile(wwid: string): boolean;
  mapExists(wwid: string): boolean;
};

/** Upstream's is_path_valid as a decision over the probe's answers. */
export function decidePathValidity(mode: FindMultipaths, p: ValidityProbe): { validity: Validity; wwid?: string } {
  const held = p.heldBy();
  if (held !== undefined) return held ? { validity: "valid-no-check", wwid: held } : { validity: "error" };
  if (p.daemonRunning && !p.daemonRunning()) {
    condlog(LOG.INFO, "multipathd not running");
    return { validity: "not-valid" };
  }
  const devtype = p.devtype();
  if (devtype === "missing") return { validity: "error" };
  if (devtype !== "disk") return { validity: "not-valid" };
  const info = p.pathinfo();
  if (info.result === "skipped") return { validity: "not-valid" };
  if (info.result === "failed") return { validity: "error" };
  const wwid = info.wwid;
  if (!wwid) return { validity: "not-valid" };
  const failed = p.failedWwid(wwid);
  if (failed !== "not-failed") return failed === "failed" ? { validity: "not-valid", wwid } : { validity: "error", wwid };
  if ((mode === "greedy" || mode === "smart") && p.inUse()) return { validity: "not-valid", wwid };
  if (mode === "greedy") return { validity: "valid", wwid };
  if (p.inWwidsFile(wwid)) return { validity: "valid-no-check", wwid };
  if (p.mapExists(wwid)) return { validity: "valid", wwid };
  return { validity: mode === "smart" ? "maybe" : "not-valid", wwid };
}

export type ValidOpts = {
  /** loaded only when the cheap checks (holders, daemon) leave the question open */
  config: () => Promise<Config>;
  /** -i: find_multipaths strict/on acts as smart, off as greedy */
  ignoreWwids: boolean;
  /** -u: the device comes from udev, whose environment may carry the WWID */
  env?: NodeJS.ProcessEnv;
  daemonRunning?: () => boolean;
  mapExistsFor: (wwid: string) => boolean;
};

/** is_path_valid for block device `dev` on this system. */
export async function isPathValid(dev: string, o: ValidOpts): Promise<{ validity: Validity; wwid?: string }> {
  // the cheap answers first: the config engine loads only if they leave it open
  const held = holderMapWwid(dev);
  if (held !== undefined || (o.daemonRunning && !o.daemonRunning())) {
    return decidePathValidity("strict", { ...NO_MORE, heldBy: () => held, ...(o.daemonRunning ? { daemonRunning: o.daemonRunning } : {}) });
  }
  const config = await o.config();
  const { filterPath, isBlacklisted, selectPathSettings, KEYWORDS } = await import("../config/index.ts");
  const mode = findMultipathsMode(config, o.ignoreWwids, KEYWORDS.find_multipaths.builtin as FindMultipaths);
  return decidePathValidity(mode, {
    heldBy: () => undefined,
    devtype: () => {
      try {
        readFileSync(`/sys/class/block/${dev}/dev`, "utf8");
      } catch {
        return "missing";
      }
      return existsSync(`/sys/class/block/${dev}/partition`) ? "partition" : "disk";
    },
    pathinfo: () => {
      const devt = readFileSync(`/sys/class/block/${dev}/dev`, "utf8").trim();
      const f = pathFacts(devt);
      // a native NVMe multipath head or a hidden path is no path (upstream's PATHINFO_SKIPPED)
      if (!f) return { result: skippedBySysfs(devt) ? "skipped" : "failed" };
      const uid = selectPathSettings(config, settingsFacts(f)).uid_attribute.value;
      const wwid = wwidOf(f, uid, f.udev, condlog, o.env) ?? "";
      const verdict = filterPath(config, {
        dev, vendor: f.vendor, product: f.product, protocol: f.protocol, wwid: wwid || undefined,
        udevProperties: f.udev ? [...f.udev.keys()] : [], uidAttribute: uid,
      });
      for (const l of verdict.log) condlog(LOG.INFO, l);
      return isBlacklisted(verdict.verdict) ? { result: "skipped" } : { result: "ok", wwid };
    },
    failedWwid: (wwid) => (existsSync(`${FAILED_WWIDS_DIR}/${wwid}`) ? "failed" : "not-failed"),
    inUse: () => deviceInUse(dev),
    inWwidsFile: hasWwid,
    mapExists: o.mapExistsFor,
  });
}

/** Probe answers that are never asked once the device is held or the daemon is down. */
const NO_MORE: ValidityProbe = {
  heldBy: () => undefined, devtype: () => "missing", pathinfo: () => ({ result: "failed" }), failedWwid: () => "error",
  inUse: () => false, inWwidsFile: () => false, mapExists: () => false,
};

/** find_multipaths_check_timeout: the smart-mode deadline, kept as a file's mtime. */
export function findMultipathsWait(devt: string, timeoutS: number, nowMs = Date.now()): { state: "waiting"; untilMs: number } | { state: "done" } | { state: "never" } {
  const file = `${FIND_MULTIPATHS_DIR}/${devt}`;
  try {
    const until = statSync(file).mtimeMs;
    return until > nowMs ? { state: "waiting", untilMs: until } : { state: "done" };
  } catch {
    if (timeoutS <= 0) return { state: "never" };
  }
  const untilMs = nowMs + timeoutS * 1000;
  try {
    mkdirSync(FIND_MULTIPATHS_DIR, { recursive: true });
    writeFileSync(file, "");
    utimesSync(file, untilMs / 1000, untilMs / 1000);
  } catch {
    return { state: "never" };
  }
  return { state: "waiting", untilMs };
}

/** Opening with O_EXCL fails when something else holds the device. */
export function openExclusive(dev: string): boolean {
  try {
    closeSync(openSync(`/dev/${dev}`, constants.O_RDONLY | constants.O_EXCL));
    return true;
  } catch {
    return false;
  }
}

export function findMultipathsMode(config: Config, ignoreWwids: boolean, builtin: FindMultipaths): FindMultipaths {
  const mode = (config.defaults.find_multipaths ?? builtin) as FindMultipaths;
  if (!ignoreWwids) return mode;
  return mode === "strict" || mode === "on" ? "smart" : mode === "off" ? "greedy" : mode;
}
