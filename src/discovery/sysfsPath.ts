// Facts about a path device read from sysfs by its major:minor. The root is
// a parameter so tests can point at a captured tree.
import { readFileSync, readlinkSync, realpathSync } from "node:fs";
import { basename, join } from "node:path";
import { nvmePath } from "./nvmePath.ts";

export type SysfsState = "up" | "down" | "pending" | "removed";
export type Hcil = { host: number; channel: number; id: number; lun: number };
export type SysfsPath = {
  dev: string;
  devt: string;
  bus: "scsi" | "nvme" | "other";
  hcil?: Hcil;
  vendor?: string;
  product?: string;
  rev?: string;
  /** NVMe: the controller's serial (SCSI paths take theirs from VPD 0x80) */
  serial?: string;
  /** NVMe: "nvme:<transport>" */
  protocol?: string;
  /** NVMe: the controller's sysfs directory */
  nvmeController?: string;
  sysfsState: SysfsState;
  sizeSectors: number;
  /** the block device's sysfs directory */
  syspath: string;
};

function attr(dir: string, name: string): string | undefined {
  try {
    return readFileSync(join(dir, name), "utf8").replace(/\n$/, "");
  } catch {
    return undefined;
  }
}

/** As upstream: offline is down; blocked/quiesce pending; running up; else down. */
export function scsiState(state: string | undefined): SysfsState {
  if (state === undefined) return "down";
  if (state.startsWith("offline")) return "down";
  if (state.startsWith("blocked") || state.startsWith("quiesce")) return "pending";
  if (state.startsWith("running")) return "up";
  return "down";
}

export function nvmeState(state: string | undefined): SysfsState {
  if (state === undefined) return "down";
  if (state.startsWith("dead")) return "down";
  if (state.startsWith("new") || state.startsWith("deleting")) return "pending";
  if (state.startsWith("live")) return "up";
  return "down";
}

export function parseHcil(s: string): Hcil | undefined {
  const m = s.match(/^(\d+):(\d+):(\d+):(\d+)$/);
  return m ? { host: Number(m[1]), channel: Number(m[2]), id: Number(m[3]), lun: Number(m[4]) } : undefined;
}

export function sysfsPathByDevt(devt: string, sys = "/sys"): SysfsPath | null {
  let syspath: string;
  try {
    syspath = realpathSync(join(sys, "dev/block", devt));
  } catch {
    return null;
  }
  const dev = basename(syspath);
  if (attr(syspath, "hidden") === "1") return null;
  const sizeSectors = Number(attr(syspath, "size") ?? 0);
  const deviceDir = join(syspath, "device");
  let subsystem = "";
  try {
    subsystem = basename(readlinkSync(join(deviceDir, "subsystem")));
  } catch {
    /* no device link: a virtual block device */
  }
  if (subsystem === "scsi") {
    let hcil: Hcil | undefined;
    try {
      hcil = parseHcil(basename(realpathSync(deviceDir)));
    } catch {
      hcil = undefined;
    }
    const p: SysfsPath = {
      dev, devt, bus: "scsi", sysfsState: scsiState(attr(deviceDir, "state")), sizeSectors, syspath,
      vendor: attr(deviceDir, "vendor")?.trim(), product: attr(deviceDir, "model")?.trim(), rev: attr(deviceDir, "rev")?.trim(),
    };
    if (hcil) p.hcil = hcil;
    return p;
  }
  if (dev.startsWith("nvme")) {
    const n = nvmePath(syspath);
    if (!n) return null;
    return {
      dev, devt, bus: "nvme", sysfsState: nvmeState(n.controllerState), sizeSectors, syspath, hcil: n.hcil,
      vendor: n.vendor, product: n.product, rev: n.rev, serial: n.serial, protocol: n.protocol, nvmeController: n.controller,
    };
  }
  return { dev, devt, bus: "other", sysfsState: "up", sizeSectors, syspath };
}

/** Why upstream's pathinfo skips an existing block device before any
 * blacklist applies: a hidden disk (a native NVMe multipath path) or an
 * NVMe namespace whose parent is no controller (a native multipath head). */
export function skippedBySysfs(devt: string, sys = "/sys"): "hidden" | "nvme-no-controller" | undefined {
  let syspath: string;
  try {
    syspath = realpathSync(join(sys, "dev/block", devt));
  } catch {
    return undefined;
  }
  if (attr(syspath, "hidden") === "1") return "hidden";
  if (basename(syspath).startsWith("nvme") && !nvmePath(syspath)) return "nvme-no-controller";
  return undefined;
}
