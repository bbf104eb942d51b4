// Whether an NVMe controller reports Asymmetric Namespace Access: bit 3 of
// CMIC (byte 76 of Identify Controller). detect_prio picks the ana
// prioritizer for such paths; the foreign nvme library shows "ANA".
import { type AdminResult, identifyController } from "../io/nvmeAdmin.ts";
import { idCtrlAna as idCtrlFields } from "../prio/ana.ts";

export function cmicReportsAna(identify: Uint8Array): boolean {
  return idCtrlFields(identify).ana;
}

/** upstream's nvme_id_ctrl_ana: 1 ANA, 0 none, < 0 the ioctl failed. An
 * NVMe status (> 0) leaves the zeroed buffer, which reads as no ANA. */
export function idCtrlAna(r: AdminResult): number {
  if (r.rc < 0) return r.rc;
  return cmicReportsAna(r.data) ? 1 : 0;
}

/** detect_prio's test: anything but a clean "no ANA" (errors included) selects ana. */
export function nvmeDetectsAna(devnode: string): boolean {
  return idCtrlAna(identifyController(devnode)) !== 0;
}
