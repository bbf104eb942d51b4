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
  bus: "scsi" | "nvme" | "ccw" | "other";
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
  /** DASD: the channel (ccw) device's sysfs directory */
  ccwDevice?: string;
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
  if (dev.startsWith("dasd")) return ccwPath(dev, devt, syspath, sizeSectors);
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

/** C's %i: decimal, 0x hex or 0 octal; NaN when nothing parses. */
function scanInt(s: string): number {
  const m = s.match(/^([+-]?)(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)/i);
  if (!m) return Number.NaN;
  const body = m[2]!;
  const v = /^0x/i.test(body) ? Number.parseInt(body.slice(2), 16) : body.length > 1 && body[0] === "0" ? Number.parseInt(body, 8) : Number(body);
  return m[1] === "-" ? -v : v;
}

/** The nearest ancestor of `dir` in the ccw subsystem (a DASD's channel device). */
function ccwParent(dir: string): string | undefined {
  for (let d = dir; d !== "/" && d !== "."; d = join(d, "..")) {
    try {
      if (basename(readlinkSync(join(d, "subsystem"))) === "ccw") return d;
    } catch {
      /* not a device directory, or another subsystem */
    }
  }
  return undefined;
}

/** A DASD (upstream's ccw_sysfs_pathinfo): vendor IBM, the product by the
 * channel device's type, host.channel.devno from its bus id; its sysfs
 * state is always up. Null when the channel device or its type is missing. */
function ccwPath(dev: string, devt: string, syspath: string, sizeSectors: number): SysfsPath | null {
  const parent = ccwParent(syspath);
  const devtype = parent && attr(parent, "devtype");
  if (!parent || !devtype) return null;
  const product = devtype.startsWith("3370") || devtype.startsWith("9336") ? "S/390 DASD FBA" : "S/390 DASD ECKD";
  const p: SysfsPath = { dev, devt, bus: "ccw", sysfsState: "up", sizeSectors, syspath, vendor: "IBM", product, ccwDevice: parent };
  // "0.0.0190": host 0, channel 0, id 0x190
  const [h, c, id] = basename(parent).split(".");
  const host = scanInt(h ?? ""), channel = scanInt(c ?? ""), devno = /^[0-9a-f]+/i.test(id ?? "") ? Number.parseInt(id!, 16) : Number.NaN;
  if (![host, channel, devno].some(Number.isNaN)) p.hcil = { host, channel, id: devno, lun: 0 };
  return p;
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
