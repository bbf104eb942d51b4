// `multipath -C/-U`: whether a multipath map has a path that is up by its
// sysfs state (no I/O is sent) and active in the kernel's status.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { dmNameByDevt } from "../io/devmapper.ts";
import { LOG, condlog } from "../log.ts";
import { sysfsPathByDevt } from "../discovery/sysfsPath.ts";
import { readKernelMap } from "./kernelMaps.ts";

/** How the device was named; `devtype` is upstream's enum devtypes value (for its messages). */
export type UsableTarget =
  | { kind: "sysname"; name: string; devtype: 2 | 3 }
  | { kind: "devt"; devt: string }
  | { kind: "env" };

const DEVTYPE = (t: UsableTarget) => (t.kind === "devt" ? 1 : t.kind === "env" ? 4 : t.devtype);

function devtOf(target: UsableTarget, env: NodeJS.ProcessEnv): string | undefined {
  switch (target.kind) {
    case "devt":
      return target.devt;
    case "env":
      // libudev's udev_device_new_from_environment needs all of these
      if (!env.DEVPATH || !env.SUBSYSTEM || !env.ACTION || !(Number(env.SEQNUM) > 0)) return undefined;
      return env.MAJOR && env.MINOR ? `${env.MAJOR}:${env.MINOR}` : undefined;
    case "sysname":
      try {
        return readFileSync(`/sys/class/block/${basename(target.name)}/dev`, "utf8").trim();
      } catch {
        return undefined;
      }
  }
}

/** 0 when a usable path exists, else 1. `label` is how upstream names the device in messages. */
export function checkUsablePaths(target: UsableTarget, label: string, dmMajor: number | undefined, env = process.env): number {
  const devt = devtOf(target, env);
  if (!devt) {
    condlog(LOG.NOTICE, `get_udev_device: failed to look up ${label} with type ${DEVTYPE(target)}`);
    return 1;
  }
  const [major, minor] = devt.split(":").map(Number) as [number, number];
  if (major !== dmMajor) {
    condlog(LOG.WARN, `${label} is not a dm device`);
    return 1;
  }
  const name = dmNameByDevt(major, minor);
  const map = name ? readKernelMap(name) : null;
  if (!map) return 1;
  // As upstream, the map's paths are first taken into a fresh path list,
  // which announces each ("adding new path") or drops it when it is gone.
  const facts = map.table.groups.map((g) =>
    g.paths.map((p) => {
      const f = sysfsPathByDevt(p.devt);
      if (f) condlog(LOG.NOTICE, `${map.name}: adding new path ${f.dev}`);
      else condlog(LOG.NOTICE, `${map.name}: discarding non-existing path ${p.devt}`);
      return f;
    }));
  let usable = false;
  search: for (const [gi, group] of facts.entries()) {
    for (const [pi, f] of group.entries()) {
      const active = map.status.groups[gi]?.paths[pi]?.active ?? false;
      if (f?.sysfsState === "up" && active) {
        condlog(LOG.INFO, `${label}: path ${f.dev} is usable`);
        usable = true;
        break search;
      }
    }
  }
  condlog(usable ? LOG.INFO : LOG.NOTICE, `${label}:${usable ? "" : " no"} usable paths found`);
  return usable ? 0 : 1;
}
