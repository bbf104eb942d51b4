// Everything discovery learns about one path device without I/O to it:
// sysfs facts, SCSI transport and target node, udev properties, the VPD
// pages the kernel exposes in sysfs. Policy (blacklists, uid_attribute,
// checkers, prioritizers) is applied above this, from the configuration.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type ScsiProtocol, scsiTransport } from "./scsiTransport.ts";
import { type SysfsPath, sysfsPathByDevt } from "./sysfsPath.ts";
import { udevProperties } from "./udevDb.ts";

export type PathFacts = SysfsPath & {
  /** upstream's protocol words: scsi:fcp, scsi:iscsi, scsi:sas, scsi:unspec, nvme:..., undef */
  protocol: string;
  tgtNodeName: string;
  /** udev properties; null when udev has not initialized the device */
  udev: Map<string, string> | null;
  /** VPD page 0x80 product serial number, when sysfs has it */
  serial?: string;
};

/** The page payload of a sysfs vpd_pg80 file (4-byte header, then the serial). */
export function parseVpd80(page: Uint8Array): string | undefined {
  if (page.length < 4 || page[1] !== 0x80) return undefined;
  const len = (page[2]! << 8) | page[3]!;
  const raw = page.subarray(4, 4 + len);
  // A C string: the serial ends at the first NUL (LIO pads with one).
  const nul = raw.indexOf(0);
  return Buffer.from(nul < 0 ? raw : raw.subarray(0, nul)).toString("latin1").trim() || undefined;
}

/** `opts.base`: the sysfs facts when the caller has read them already. */
export function pathFacts(devt: string, opts: { sys?: string; runUdev?: string; base?: SysfsPath | null } = {}): PathFacts | null {
  const sys = opts.sys ?? "/sys";
  const base = opts.base !== undefined ? opts.base : sysfsPathByDevt(devt, sys);
  if (!base) return null;
  const facts: PathFacts = { ...base, protocol: "undef", tgtNodeName: "", udev: udevProperties(devt, opts.runUdev) };
  if (base.bus === "scsi") {
    const t = scsiTransport(join(base.syspath, "device"), sys);
    facts.protocol = `scsi:${t.protocol satisfies ScsiProtocol}`;
    facts.tgtNodeName = t.tgtNodeName;
    try {
      const serial = parseVpd80(readFileSync(join(base.syspath, "device/vpd_pg80")));
      if (serial) facts.serial = serial;
    } catch {
      /* older kernels and some transports have no sysfs VPD */
    }
  } else if (base.bus === "nvme" && base.protocol) facts.protocol = base.protocol;
  else if (base.bus === "ccw") facts.protocol = "ccw";
  return facts;
}

/** Whole-disk block devices by name and devt (partitions left out). */
export function blockDisks(sys = "/sys"): { dev: string; devt: string }[] {
  const out: { dev: string; devt: string }[] = [];
  let names: string[];
  try {
    names = readdirSync(join(sys, "class/block"));
  } catch {
    return out;
  }
  for (const dev of names.sort()) {
    const dir = join(sys, "class/block", dev);
    try {
      readFileSync(join(dir, "partition"));
      continue;
    } catch {
      /* not a partition */
    }
    try {
      out.push({ dev, devt: readFileSync(join(dir, "dev"), "utf8").trim() });
    } catch {
      /* vanished while scanning */
    }
  }
  return out;
}
