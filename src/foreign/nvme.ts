// The "nvme" foreign library of upstream: with native NVMe multipath on,
// the kernel joins a namespace's paths itself. Each head device
// (nvme<S>n<N>, parent an nvme-subsystem) is shown as a map, each
// controller of the subsystem that has the namespace as a path
// (nvme<S>c<C>n<N>, a hidden disk) in a path group of its own.
import { readdirSync, realpathSync } from "node:fs";
import { basename, join } from "node:path";
import { ancestorIn, mpathAttr, subsystemOf, udevAttr } from "../discovery/nvmePath.ts";

export type ForeignNvmePath = {
  sysname: string;
  syspath: string;
  /** the controller's sysfs directory */
  controller: string;
  /** "major:minor"; hidden path devices have none (0:0) */
  devt: string;
};

export type ForeignNvmeMap = {
  sysname: string;
  syspath: string;
  /** the nvme-subsystem's sysfs directory */
  subsystem: string;
  paths: ForeignNvmePath[];
  /** live controllers among the paths */
  liveCount: number;
  /** whether the controllers report ANA; undefined when none could be asked */
  ana?: boolean;
};

/** The nvme library's add(): a whole disk below an nvme-subsystem is its map. */
export function nvmeSubsystemOf(syspath: string): string | undefined {
  return ancestorIn(syspath, (s) => s === "nvme-subsystem");
}

/** Controllers of a subsystem: its symlinks named nvme<digits>, in byte order (scandir + alphasort). */
function controllers(subsystem: string): string[] {
  let names: string[];
  try {
    names = readdirSync(subsystem, { withFileTypes: true }).filter((d) => d.isSymbolicLink() && /^nvme\d+$/.test(d.name)).map((d) => d.name);
  } catch {
    return [];
  }
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** get_ctrl_blkdev: the controller's path disk of the map's namespace (same namespace instance number). */
function pathOf(controller: string, nsInstance: number): string | undefined {
  let names: string[];
  try {
    names = readdirSync(controller);
  } catch {
    return undefined;
  }
  for (const name of names.sort()) {
    const m = name.match(/^nvme(\d+)c(\d+)n(\d+)/);
    if (!m || Number(m[3]) !== nsInstance) continue;
    const dir = join(controller, name);
    if (subsystemOf(dir) === "block" && !udevAttr(dir, "partition")) return dir;
  }
  return undefined;
}

export type AnaProbe = (controllerDevt: string) => boolean | undefined;

/** The map of head disk `syspath`, with its paths as the library finds them. */
export function nvmeForeignMap(syspath: string, subsystem: string, anaOf: AnaProbe): ForeignNvmeMap {
  const sysname = basename(syspath);
  const ns = sysname.match(/^nvme\d+n(\d+)/);
  const paths: ForeignNvmePath[] = [];
  let ana: boolean | undefined;
  for (const name of ns ? controllers(subsystem) : []) {
    let ctrl: string;
    try {
      ctrl = realpathSync(join(subsystem, name));
    } catch {
      continue;
    }
    const dir = pathOf(ctrl, Number(ns![1]));
    if (!dir) continue;
    // the path's controller is its nearest ancestor in the nvme class
    const controller = ancestorIn(dir, (s) => s === "nvme");
    if (!controller) continue;
    if (ana === undefined) {
      // asked through each new path's controller until one answers
      const dev = udevAttr(controller, "dev");
      if (dev !== undefined) ana = anaOf(dev);
    }
    paths.push({ sysname: basename(dir), syspath: dir, controller, devt: udevAttr(dir, "dev") ?? "0:0" });
  }
  const liveCount = paths.filter((p) => mpathAttr(p.controller, "state")?.startsWith("live")).length;
  return { sysname, syspath, subsystem, paths, liveCount, ...(ana === undefined ? {} : { ana }) };
}

/** Every map the library claims among `disks` (whole-disk syspaths in udev's order). */
export function nvmeForeignMaps(disks: readonly string[], anaOf: AnaProbe): ForeignNvmeMap[] {
  const out: ForeignNvmeMap[] = [];
  for (const d of disks) {
    if (udevAttr(d, "hidden") === "1") continue; // pathinfo skips hidden disks before the libraries see them
    const subsystem = nvmeSubsystemOf(d);
    if (subsystem && !out.some((m) => m.syspath === d)) out.push(nvmeForeignMap(d, subsystem, anaOf));
  }
  return out;
}
