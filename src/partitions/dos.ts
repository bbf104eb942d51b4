// DOS/MBR partition tables with extended partitions (upstream kpartx dos.c):
// four primary slots always, logicals from the EBR chain (first two entries
// of each EBR), a protective 0xEE entry leaves the disk to GPT.
import { MAX_SLICES, type SectorReader, type Slot, le32 } from "./slots.ts";

const EXTENDED = new Set([0x05, 0x0f, 0x85]);
const hasSignature = (s: Uint8Array) => s[510] === 0x55 && s[511] === 0xaa;

export type DosResult = { slots: Slot[]; warnings: string[] };

/** `unit`: 512-byte units per logical sector. Null when sector 0 is no MBR. */
export function parseDos(read: SectorReader, unit: number): DosResult | null {
  const mbr = read(0, 1);
  if (!mbr || !hasSignature(mbr)) return null;
  const warnings: string[] = [];
  const entries = [0, 1, 2, 3].map((i) => {
    const o = 0x1be + 16 * i;
    return { type: mbr[o + 4]!, start: le32(mbr, o + 8), size: le32(mbr, o + 12) };
  });
  if (entries.some((e) => e.type === 0xee)) return { slots: [], warnings };
  const slots: Slot[] = entries.map((e) => ({ start: e.start * unit, size: e.size * unit }));
  entries.forEach((e, i) => {
    if (!EXTENDED.has(e.type) || e.size === 0) return;
    // the container itself is mapped with one logical sector (2 on 512-byte disks)
    slots[i]!.size = unit === 1 ? 2 : unit;
    let ebr = e.start;
    let idle = 0;
    while (idle < 100) {
      const s = read(ebr, 1);
      if (!s || !hasSignature(s)) break;
      let next = 0;
      let added = false;
      for (let k = 0; k < 2; k++) {
        const o = 0x1be + 16 * k;
        const type = s[o + 4]!, start = le32(s, o + 8), size = le32(s, o + 12);
        if (EXTENDED.has(type) && start && size) {
          if (!next) next = e.start + start;
          continue;
        }
        if (slots.length >= MAX_SLICES) {
          warnings.push("dos_extd_partition: too many slices");
          return;
        }
        slots.push({ start: (ebr + start) * unit, size: size * unit, container: i });
        added = true;
      }
      idle = added ? 0 : idle + 1;
      if (!next) break;
      ebr = next;
    }
  });
  return { slots, warnings };
}
