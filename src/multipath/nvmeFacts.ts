// What property selection learns about an NVMe path by asking it: ALUA does
// not apply (detect_alua says TPGS none for any bus but SCSI) and whether
// the controller reports ANA (detect_prio then picks the ana prioritizer).
import type { PathFacts as ConfigPathFacts } from "../config/pathSettings.ts";
import { nvmeDetectsAna } from "../discovery/nvmeAna.ts";
import type { PathFacts } from "../discovery/pathFacts.ts";

export function nvmeSelectionFacts(f: PathFacts): Pick<ConfigPathFacts, "tpgs" | "nvmeAna"> | Record<string, never> {
  if (f.bus !== "nvme") return {};
  return { tpgs: "none", nvmeAna: f.sysfsState === "up" && nvmeDetectsAna(`/dev/${f.dev}`) };
}
