// Prioritizers: a number per path, higher is better; -1 (PRIO_UNDEF) when
// the path gave no answer. const, sysfs (the kernel's ALUA state) and alua
// (REPORT TARGET PORT GROUPS) are the ones storage defaults select.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sgIo, sgOk, withSgDevice } from "../io/sg.ts";
import { inquiry } from "../scsi/commands.ts";
import { targetPortGroup } from "../scsi/vpd.ts";
import { LOG, condlog } from "../log.ts";

export const PRIO_UNDEF = -1;

/** "exclusive_pref_bit" as a whole word of the prio arguments. */
export function exclusivePrefArg(args: string | undefined): boolean {
  return /(^|[ \t])exclusive_pref_bit($|[ \t])/.test(args ?? "");
}

/** ALUA asymmetric access state (and preferred bit) to a priority, as upstream. */
export function aluaStatePrio(aas: number, preferred: boolean, exclusivePref: boolean): number {
  const OPTIMIZED = 0;
  const base = aas === OPTIMIZED ? 50 : aas === 1 ? 10 : aas === 4 ? 5 : aas === 2 ? 1 : 0;
  return preferred && (aas !== OPTIMIZED || exclusivePref) ? base + 80 : base;
}

const SYSFS_STATES: [string, number][] = [["active/optimized", 0], ["active/non-optimized", 1], ["lba-dependent", 4], ["standby", 2]];

/** sysfs: access_state and preferred_path of the SCSI device. */
export function sysfsPrio(syspath: string, args?: string): number {
  let state: string;
  try {
    state = readFileSync(join(syspath, "device/access_state"), "utf8");
  } catch {
    return PRIO_UNDEF;
  }
  let preferred = false;
  try {
    preferred = Number(readFileSync(join(syspath, "device/preferred_path"), "utf8").trim()) > 0;
  } catch {
    /* no preferred_path attribute */
  }
  const known = SYSFS_STATES.find(([name]) => state.startsWith(name));
  if (!known) return preferred ? 80 : 0;
  return aluaStatePrio(known[1], preferred, exclusivePrefArg(args));
}

export type RtpgGroup = { tpg: number; aas: number; preferred: boolean };

/** REPORT TARGET PORT GROUPS data (length-prefixed descriptors). */
export function parseRtpg(d: Uint8Array): RtpgGroup[] {
  if (d.length < 4) return [];
  const end = Math.min(d.length, 4 + ((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!));
  const out: RtpgGroup[] = [];
  for (let o = 4; o + 8 <= end; o += 8 + 4 * d[o + 7]!) {
    out.push({ tpg: (d[o + 2]! << 8) | d[o + 3]!, aas: d[o]! & 0x0f, preferred: (d[o]! & 0x80) !== 0 });
  }
  return out;
}

function rtpgCommand(timeoutMs: number) {
  const len = 4096;
  const cdb = new Uint8Array([0xa3, 0x0a, 0, 0, 0, 0, (len >> 24) & 0xff, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff, 0, 0]);
  return { cdb, direction: "from-device" as const, dataLength: len, timeoutMs };
}

/** alua: the path's target port group from VPD 0x83, its state from RTPG. */
export function aluaPrio(dev: string, devnode: string, args: string | undefined, timeoutS: number): number {
  try {
    return withSgDevice(devnode, (fd) => {
      const vpd = sgIo(fd, inquiry(0x83, 4096, timeoutS * 1000));
      const tpg = sgOk(vpd) ? targetPortGroup(vpd.data) : -1;
      if (tpg < 0) {
        condlog(LOG.ERR, `${dev}: couldn't get target port group`);
        return PRIO_UNDEF;
      }
      const r = sgIo(fd, rtpgCommand(timeoutS * 1000));
      const g = sgOk(r) ? parseRtpg(r.data).find((x) => x.tpg === tpg) : undefined;
      if (!g) {
        condlog(LOG.ERR, `${dev}: couldn't get asymmetric access state`);
        return PRIO_UNDEF;
      }
      return aluaStatePrio(g.aas, g.preferred, exclusivePrefArg(args));
    });
  } catch {
    return PRIO_UNDEF;
  }
}
