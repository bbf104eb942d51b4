// Solaris x86 VTOCs (upstream kpartx solaris.c). Upstream declares the
// on-disk fields as C longs, so on x86_64 it reads the VTOC with 8-byte
// fields: the sanity word at byte 24, the version at 32, slices from 136 in
// 16-byte steps (start as a 32-bit int at +4, size as a 64-bit long at +8).
// Real 32-bit VTOCs are therefore not found; we read what upstream reads.
import { type BlockReader, type LabelResult, type Slot, le32, le64, u64 } from "./slots.ts";

const VTOC_SANE = 0x600ddeeen;

export function parseSolaris(block: BlockReader): LabelResult | null {
  const v = block(1);
  if (!v || le64(v, 24) !== VTOC_SANE) return null;
  const version = le64(v, 32);
  if (version !== 1n) {
    return { slots: [], warnings: [`Cannot handle solaris version ${BigInt.asIntN(64, version)} vtoc`] };
  }
  const slots: Slot[] = [];
  for (let i = 0; i < 8; i++) {
    const o = 136 + 16 * i;
    const size = le64(v, o + 8);
    if (size === 0n) continue;
    // offset (0) + an int start: an unsigned int sum; the long size converts to uint64_t
    slots.push({ start: BigInt(le32(v, o + 4)), size: u64(size) });
  }
  return { slots, warnings: [] };
}
