// A prioritizer's view of a discovered path: its facts, its SCSI device's
// sysfs attributes, and /dev/disk/by-path.
import { readFileSync, readdirSync, readlinkSync, realpathSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { PathFacts } from "../discovery/pathFacts.ts";
import type { PrioContext, PrioPathFacts } from "../prio/context.ts";

function attr(path: string): string | undefined {
  try {
    return readFileSync(path, "latin1").replace(/\n$/, "");
  } catch {
    return undefined;
  }
}

/** FC host and remote port names (weightedpath's wwn), only for scsi:fcp paths. */
function fcNames(f: PathFacts, sys = "/sys"): PrioPathFacts["fc"] {
  if (f.protocol !== "scsi:fcp" || !f.hcil) return undefined;
  const host = join(sys, "class/fc_host", `host${f.hcil.host}`);
  let rport: string | undefined;
  try {
    rport = basename(dirname(dirname(realpathSync(join(f.syspath, "device")))));
  } catch {
    rport = undefined;
  }
  const out: NonNullable<PrioPathFacts["fc"]> = {};
  const wwnn = attr(join(host, "node_name")), wwpn = attr(join(host, "port_name"));
  if (wwnn !== undefined) out.hostWwnn = wwnn;
  if (wwpn !== undefined) out.hostWwpn = wwpn;
  const tgt = rport?.startsWith("rport-") ? attr(join(sys, "class/fc_remote_ports", rport, "port_name")) : undefined;
  if (tgt !== undefined) out.tgtWwpn = tgt;
  return out;
}

export function prioContext(f: PathFacts, args: string, timeoutMs: number): PrioContext {
  const path: PrioPathFacts = { dev: f.dev, serial: f.serial ?? "", tgtNodeName: f.tgtNodeName };
  if (f.hcil) path.hcil = f.hcil;
  const fc = fcNames(f);
  if (fc) path.fc = fc;
  return {
    path, args, timeoutMs,
    deviceAttr: (name) => {
      try {
        return new Uint8Array(readFileSync(join(f.syspath, "device", name)));
      } catch {
        return undefined;
      }
    },
    byPathLinks: () => {
      const dir = "/dev/disk/by-path";
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return null;
      }
      const out: { name: string; target: string }[] = [];
      for (const name of names) {
        try {
          out.push({ name, target: readlinkSync(join(dir, name)) });
        } catch {
          /* upstream prints "error" on stdout for an entry that is not a link */
        }
      }
      return out;
    },
  };
}
