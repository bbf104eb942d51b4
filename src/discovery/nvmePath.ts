// An NVMe namespace block device as a dm-multipath path (upstream's
// nvme_sysfs_pathinfo): with native NVMe multipath off, each controller
// gives its own nvme<ctrl>n<ns>. Its facts come from the namespace and from
// the nearest ancestor in the "nvme" class (the controller). A native
// multipath head (parent: the nvme-subsystem) is no path.
import { readFileSync, readlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The transports upstream knows ("nvme:<name>"); anything else is unspec. */
export const NVME_TRANSPORTS = ["pcie", "rdma", "fc", "tcp", "loop", "apple-nvme"] as const;

/** upstream's buffer sizes less the NUL: vendor 9, product/model 41, revision 9, serial 128 */
const PRODUCT_MAX = 40;
const REV_MAX = 8;
const SERIAL_MAX = 127;

export type NvmePath = {
  /** upstream's sg_id: host = controller instance, channel = cntlid, id = namespace instance, lun = nsid */
  hcil: { host: number; channel: number; id: number; lun: number };
  vendor: "NVME";
  product: string;
  rev: string;
  serial: string;
  protocol: string;
  /** the controller's sysfs directory */
  controller: string;
  /** the controller's "state" (live, connecting, ...), trailing blanks removed; undefined when unreadable */
  controllerState?: string;
};

/** A sysfs attribute as libudev returns it: trailing newlines removed, blanks kept. */
export function udevAttr(dir: string, name: string): string | undefined {
  try {
    return readFileSync(join(dir, name), "latin1").replace(/[\n\r]+$/, "");
  } catch {
    return undefined;
  }
}

/** A sysfs attribute as libmultipath reads it (sysfs_attr_get_value): trailing whitespace removed. */
export function mpathAttr(dir: string, name: string): string | undefined {
  return udevAttr(dir, name)?.replace(/\s+$/, "");
}

export function subsystemOf(dir: string): string | undefined {
  try {
    return basename(readlinkSync(join(dir, "subsystem")));
  } catch {
    return undefined;
  }
}

/** The nearest ancestor of `dir` (itself excluded) whose subsystem passes `match`. */
export function ancestorIn(dir: string, match: (subsystem: string) => boolean): string | undefined {
  for (let d = dirname(dir); d.includes("/devices/") && basename(d) !== "devices"; d = dirname(d)) {
    const s = subsystemOf(d);
    if (s !== undefined && match(s)) return d;
  }
  return undefined;
}

/** C's atoi: leading digits (after blanks and a sign), else 0. */
function atoi(s: string | undefined): number {
  const m = s?.match(/^\s*([+-]?\d+)/);
  return m ? Number.parseInt(m[1]!, 10) : 0;
}

/** "nvme" plus the transport's name when upstream knows it. */
export function nvmeProtocol(transport: string | undefined): string {
  return `nvme:${NVME_TRANSPORTS.find((t) => t === transport) ?? "unspec"}`;
}

/** Facts of the namespace block device at `syspath` (its resolved sysfs
 * directory), or null when it is no path: the name is not nvme<X>n<Y>, or
 * no nvme controller is its parent (a native multipath head). */
export function nvmePath(syspath: string): NvmePath | null {
  const m = basename(syspath).match(/^nvme(\d+)n(\d+)/);
  if (!m) return null;
  const ctrl = ancestorIn(syspath, (s) => s === "nvme");
  if (!ctrl) return null;
  // snprintf("%s") of a missing attribute prints "(null)" in glibc
  const text = (v: string | undefined, max: number) => (v ?? "(null)").slice(0, max);
  const state = mpathAttr(ctrl, "state");
  return {
    hcil: { host: Number(m[1]), channel: atoi(udevAttr(ctrl, "cntlid")), id: Number(m[2]), lun: atoi(udevAttr(syspath, "nsid")) },
    vendor: "NVME",
    product: text(udevAttr(ctrl, "model"), PRODUCT_MAX),
    rev: text(udevAttr(ctrl, "firmware_rev"), REV_MAX),
    serial: text(udevAttr(ctrl, "serial"), SERIAL_MAX),
    protocol: nvmeProtocol(udevAttr(ctrl, "transport")),
    controller: ctrl,
    ...(state === undefined ? {} : { controllerState: state }),
  };
}
