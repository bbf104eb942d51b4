// Facts about a path device read from sysfs by its major:minor. The root is
// a parameter so tests can point at a captured tree.
import { readFileSync, readlinkSync, realpathSync } from "node:fs";
import { basename, join } from "node:path";

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
    return {
      dev, devt, bus: "nvme", sysfsState: nvmeState(attr(deviceDir, "state")), sizeSectors, syspath,
      product: attr(deviceDir, "model")?.trim(), rev: attr(deviceDir, "firmware_rev")?.trim(),
    };
  }
  return { dev, devt, bus: "other", sysfsState: "up", sizeSectors, syspath };
}
