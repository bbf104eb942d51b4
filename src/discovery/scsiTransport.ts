// The transport of a SCSI path and its target node name, found by walking
// the device's sysfs ancestry as upstream does: SAS end device, USB, FC
// remote port, iSCSI session, libata port, else unspecified.
import { readFileSync, readlinkSync, realpathSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export type ScsiProtocol = "fcp" | "iscsi" | "sas" | "usb" | "ata" | "unspec";
export type ScsiTransport = { protocol: ScsiProtocol; tgtNodeName: string; transportId: number };

function read(p: string): string | undefined {
  try {
    return readFileSync(p, "utf8").replace(/\n$/, "");
  } catch {
    return undefined;
  }
}

function subsystemOf(dir: string): string | undefined {
  try {
    return basename(readlinkSync(join(dir, "subsystem")));
  } catch {
    return undefined;
  }
}

/** Ancestors of a sysfs device directory, nearest first, stopping at /sys/devices. */
function ancestors(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; d.includes("/devices/") && basename(d) !== "devices"; d = dirname(d)) out.push(d);
  return out;
}

/** `scsiDevice` is the sysfs directory of the scsi_device (…/H:C:T:L). */
export function scsiTransport(scsiDevice: string, sys = "/sys"): ScsiTransport {
  let dev: string;
  try {
    dev = realpathSync(scsiDevice);
  } catch {
    return { protocol: "unspec", tgtNodeName: "", transportId: -1 };
  }
  const target = dirname(dev);
  if (!/^target\d+:\d+:\d+$/.test(basename(target))) return { protocol: "unspec", tgtNodeName: "", transportId: -1 };
  const above = ancestors(target);

  const sasAddress = read(join(dev, "sas_address"));
  if (sasAddress !== undefined) {
    for (const a of above.slice(1)) {
      const m = basename(a).match(/^end_device-\d+:(?:\d+:)?(\d+)$/);
      if (m) return { protocol: "sas", tgtNodeName: sasAddress, transportId: Number(m[1]) };
    }
  }
  for (const a of above) {
    if (subsystemOf(a) === "usb") return { protocol: "usb", tgtNodeName: basename(a), transportId: -1 };
  }
  const rport = basename(dirname(target)).match(/^rport-\d+:\d+-(\d+)$/);
  if (rport) {
    const node = read(join(sys, "class/fc_remote_ports", basename(dirname(target)), "node_name"));
    if (node !== undefined) return { protocol: "fcp", tgtNodeName: node, transportId: Number(rport[1]) };
  }
  for (const a of above) {
    const m = basename(a).match(/^session(\d+)$/);
    if (!m) continue;
    const name = read(join(sys, "class/iscsi_session", basename(a), "targetname"));
    if (name !== undefined) return { protocol: "iscsi", tgtNodeName: name, transportId: Number(m[1]) };
    break;
  }
  for (const a of above) {
    const m = basename(a).match(/^ata(\d+)$/);
    if (m) return { protocol: "ata", tgtNodeName: `ata-${m[1]}.00`, transportId: Number(m[1]) };
  }
  return { protocol: "unspec", tgtNodeName: "", transportId: -1 };
}
