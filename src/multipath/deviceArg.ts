// Classifies the `device` argument of multipath as upstream does: a block
// node is a map (device-mapper major) or a path; "maj:min" is a devt;
// anything without a slash names a map (alias or WWID).
import { statSync } from "node:fs";
import { decodeDevt } from "../io/devt.ts";

export type DeviceArg =
  | { kind: "devmap"; name: string }
  | { kind: "devmapDevt"; major: number; minor: number }
  | { kind: "devnode"; dev: string; major: number; minor: number }
  | { kind: "devt"; major: number; minor: number }
  | { kind: "invalid" };

/** `dmMajor` is the device-mapper block major (from /proc/devices). */
export function classifyDevice(arg: string, dmMajor: number | undefined, stat = statSync): DeviceArg {
  try {
    const st = stat(arg);
    if (st.isBlockDevice()) {
      const { major, minor } = decodeDevt(st.rdev);
      if (major === dmMajor) return { kind: "devmapDevt", major, minor };
      return { kind: "devnode", dev: arg.split("/").at(-1)!, major, minor };
    }
  } catch {
    /* not a device node: a devt or a map name */
  }
  const devt = arg.match(/^(\d+):(\d+)/);
  if (devt) return { kind: "devt", major: Number(devt[1]), minor: Number(devt[2]) };
  if (!arg.includes("/")) return { kind: "devmap", name: arg };
  return { kind: "invalid" };
}

export function blockMajor(name: string, procDevices: string): number | undefined {
  const block = procDevices.split("\nBlock devices:\n")[1] ?? "";
  for (const line of block.split("\n")) {
    const m = line.trim().match(/^(\d+)\s+(\S+)$/);
    if (m && m[2] === name) return Number(m[1]);
  }
  return undefined;
}
