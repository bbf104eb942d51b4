// The "nvme" foreign library of upstream: with native NVMe multipath on,
// the kernel joins a namespace's paths itself. Each head device
// (nvme<S>n<N>, parent an nvme-subsystem) is shown as a map, each
// controller of the subsystem that has the namespace as a path
// (nvme<S>c<C>n<N>, a hidden disk) in a path group of its own.
import { readdirSync, realpathSync } from "node:fs";
import { basename, join } from "node:path";
import { ancestorIn, mpathAttr, subsystemOf, udevAttr } from "../discovery/nvmePath.ts";

/** The sysfs attributes the library prints, read when the map is found. Raw
 * values keep blanks (as libudev gives them); `state` and `anaState` are cut
 * as libmultipath's sysfs reader cuts them. Undefined: the attribute is missing. */
export type ForeignNvmePath = {
  sysname: string;
  /** "major:minor"; hidden path devices have none (0:0) */
  devt: string;
  wwid?: string;
  size?: string;
  anaState?: string;
  /** the controller's */
  state?: string;
  model?: string;
  firmwareRev?: string;
  serial?: string;
  transport?: string;
  address?: string;
  /** the PCI function above the controller, if any */
  pci?: string;
};

export type ForeignNvmeMap = {
  sysname: string;
  paths: ForeignNvmePath[];
  /** live controllers among the paths */
  liveCount: number;
  /** whether the controllers report ANA; undefined when none could be asked */
  ana?: boolean;
  wwid?: string;
  size?: string;
  nsid?: string;
  ro?: string;
  /** the subsystem's */
  subsysnqn?: string;
  model?: string;
  firmwareRev?: string;
};

function pciOf(controller: string): string | undefined {
  const pci = ancestorIn(controller, (s) => s === "pci");
  return pci === undefined ? undefined : basename(pci);
}

function pathFacts(dir: string, controller: string): ForeignNvmePath {
  const a = (d: string, n: string) => udevAttr(d, n);
  const p: ForeignNvmePath = { sysname: basename(dir), devt: a(dir, "dev") ?? "0:0" };
  const set = <K extends keyof ForeignNvmePath>(k: K, v: ForeignNvmePath[K] | undefined) => {
    if (v !== undefined) p[k] = v;
  };
  set("wwid", a(dir, "wwid"));
  set("size", a(dir, "size"));
  set("anaState", mpathAttr(dir, "ana_state"));
  set("state", mpathAttr(controller, "state"));
  set("model", a(controller, "model"));
  set("firmwareRev", a(controller, "firmware_rev"));
  set("serial", a(controller, "serial"));
  set("transport", a(controller, "transport"));
  set("address", a(controller, "address"));
  set("pci", pciOf(controller));
  return p;
}

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
    paths.push(pathFacts(dir, controller));
  }
  const m: ForeignNvmeMap = { sysname, paths, liveCount: paths.filter((p) => p.state?.startsWith("live")).length };
  if (ana !== undefined) m.ana = ana;
  const attrs: [keyof ForeignNvmeMap, string, string][] = [
    ["wwid", syspath, "wwid"], ["size", syspath, "size"], ["nsid", syspath, "nsid"], ["ro", syspath, "ro"],
    ["subsysnqn", subsystem, "subsysnqn"], ["model", subsystem, "model"], ["firmwareRev", subsystem, "firmware_rev"],
  ];
  for (const [k, dir, name] of attrs) {
    const v = udevAttr(dir, name);
    if (v !== undefined) (m as Record<string, unknown>)[k] = v;
  }
  return m;
}

/** Every map the library claims among `disks` (whole-disk syspaths in udev's order). */
export function nvmeForeignMaps(disks: readonly string[], anaOf: AnaProbe): ForeignNvmeMap[] {
  const out: ForeignNvmeMap[] = [];
  const seen = new Set<string>();
  for (const d of disks) {
    if (udevAttr(d, "hidden") === "1") continue; // pathinfo skips hidden disks before the libraries see them
    const subsystem = nvmeSubsystemOf(d);
    if (subsystem && !seen.has(d)) {
      seen.add(d);
      out.push(nvmeForeignMap(d, subsystem, anaOf));
    }
  }
  return out;
}
