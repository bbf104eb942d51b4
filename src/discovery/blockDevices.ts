// The whole-disk block devices in the order libudev enumerates them (what
// upstream's path_discovery walks), read from sysfs alone: one directory
// listing and a link per device, where libudev builds a device object per
// device. Each disk comes with its partitions, which get its uevents.
import { existsSync, readFileSync, readdirSync, readlinkSync } from "node:fs";
import { join, resolve } from "node:path";

export type BlockDisk = {
  dev: string;
  /** major:minor */
  devt: string;
  /** the device's sysfs directory */
  syspath: string;
  /** sysfs directories of its partitions */
  partitions: string[];
};

/** systemd's device_compare (systemd 252): md and dm devices after all
 * others, otherwise byte order of the devpath. */
export function compareDevpaths(a: string, b: string): number {
  const late = (p: string) => p.includes("/block/md") || p.includes("/block/dm-");
  const la = late(a), lb = late(b);
  if (la !== lb) return la ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whole disks (not partitions) in libudev's order; a device removed while
 * the list is read is left out. */
export function wholeDisks(sys = "/sys"): BlockDisk[] {
  const classDir = join(sys, "class/block");
  let names: string[];
  try {
    names = readdirSync(classDir);
  } catch {
    return [];
  }
  const disks: BlockDisk[] = [];
  const partsOf = new Map<string, string[]>();
  for (const name of names) {
    let syspath: string;
    try {
      syspath = resolve(classDir, readlinkSync(join(classDir, name)));
    } catch {
      continue;
    }
    if (existsSync(join(syspath, "partition"))) {
      const parent = syspath.slice(0, syspath.lastIndexOf("/"));
      partsOf.set(parent, [...(partsOf.get(parent) ?? []), syspath]);
      continue;
    }
    let devt: string;
    try {
      devt = readFileSync(join(syspath, "dev"), "latin1").trim();
    } catch {
      continue;
    }
    disks.push({ dev: name, devt, syspath, partitions: [] });
  }
  for (const d of disks) d.partitions = (partsOf.get(d.syspath) ?? []).sort(compareDevpaths);
  const devpath = (d: BlockDisk) => d.syspath.slice(sys.length);
  return disks.sort((a, b) => compareDevpaths(devpath(a), devpath(b)));
}
