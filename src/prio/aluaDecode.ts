// The pure half of the alua prioritizer: target port group from VPD 0x83,
// the group's state from REPORT TARGET PORT GROUPS data, the priority from
// the state and the preferred bit (as alua_rtpg.c and alua.c read them).

export const AAS = { optimized: 0x0, nonOptimized: 0x1, standby: 0x2, unavailable: 0x3, lbaDependent: 0x4, offline: 0xe, transitioning: 0xf } as const;

const be16 = (b: Uint8Array, o: number) => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
const be32 = (b: Uint8Array, o: number) => (((b[o] ?? 0) << 24) | ((b[o + 1] ?? 0) << 16) | ((b[o + 2] ?? 0) << 8) | (b[o + 3] ?? 0)) >>> 0;

/** Length of a VPD page as its header states it (page length + 4). */
export const vpdLength = (page: Uint8Array) => be16(page, 2) + 4;
/** Length of RTPG data as its header states it (+ 4). */
export const rtpgLength = (data: Uint8Array) => be32(data, 0) + 4;

/**
 * The first target port group designator of a VPD 0x83 page, or null.
 * Upstream tests the designator type with only 3 bits (b1 & 7) and walks
 * descriptors while they fit in the stated length (at most 4096 bytes).
 */
export function vpd83TargetPortGroup(page: Uint8Array): number | null {
  const max = Math.min(vpdLength(page), 4096);
  for (let d = 4; d <= max - 4 && d + (page[d + 3] ?? 0) + 4 <= max; d += (page[d + 3] ?? 0) + 4) {
    if (((page[d + 1] ?? 0) & 7) === 5) return be16(page, d + 6);
  }
  return null;
}

/**
 * The descriptor byte 0 (preferred bit and state, masked 0x8f) of group
 * `tpg`, or null. Descriptors are walked while they start below the stated
 * length, as upstream's loop does (it does not add the 4 header bytes).
 */
export function rtpgGroupState(data: Uint8Array, tpg: number): number | null {
  const len = be32(data, 0);
  for (let g = 4; g < len; g += 8 + 4 * (data[g + 7] ?? 0)) {
    if (be16(data, g + 2) === tpg) return (data[g] ?? 0) & 0x8f;
  }
  return null;
}

/** "exclusive_pref_bit" as a whole word of the prio arguments. */
export function exclusivePrefArg(args: string): boolean {
  const i = args.indexOf("exclusive_pref_bit");
  if (i < 0) return false;
  const after = args[i + 18];
  if (after !== undefined && after !== " " && after !== "\t") return false;
  return !(i > 0 && args[i - 1] !== " " && args[i - 1] !== "\t");
}

/** Priority of an ALUA state: AO 50, ANO 10, LBA-dependent 5, standby 1, else 0; +80 for the preferred bit unless the group is optimized and exclusive_pref_bit is off. */
export function aluaStatePrio(aas: number, preferred: boolean, exclusivePref: boolean): number {
  const base = aas === AAS.optimized ? 50 : aas === AAS.nonOptimized ? 10 : aas === AAS.lbaDependent ? 5 : aas === AAS.standby ? 1 : 0;
  return preferred && (aas !== AAS.optimized || exclusivePref) ? base + 80 : base;
}

const AAS_TEXT: Record<number, string> = {
  0x0: "active/optimized", 0x1: "active/non-optimized", 0x2: "standby", 0x3: "unavailable", 0x4: "logical block dependent",
  0xe: "offline", 0xf: "transitioning between states",
};

/** How the alua log line names a state byte. */
export function aasText(rc: number): string {
  const v = rc & 0x7f;
  if (v & 0x70) return "ARRAY BUG: invalid TPGs state!";
  return AAS_TEXT[v & 0x0f] ?? "ARRAY BUG: invalid TPGs state!";
}

/** sysfs access_state words with their priorities (the sysfs prioritizer). */
const SYSFS_STATES: [string, number][] = [["active/optimized", 50], ["active/non-optimized", 10], ["lba-dependent", 5], ["standby", 1]];

/** sysfs: the access_state text and whether preferred_path is set. */
export function sysfsStatePrio(accessState: string, preferred: boolean, exclusivePref: boolean): number {
  const prio = SYSFS_STATES.find(([name]) => accessState.startsWith(name))?.[1] ?? 0;
  return preferred && (prio !== 50 || exclusivePref) ? prio + 80 : prio;
}
