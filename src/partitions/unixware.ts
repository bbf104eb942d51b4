// UnixWare VTOCs (upstream kpartx unixware.c): in block 29; slice 0 is the
// whole disk and unlabelled slices take no slot.
import { type BlockReader, type LabelResult, type Slot, le16, le32 } from "./slots.ts";

export function parseUnixware(block: BlockReader): LabelResult | null {
  const s = block(29);
  if (!s || le32(s, 4) !== 0xca5e600d || le32(s, 156) !== 0x600ddeee) return null;
  const slots: Slot[] = [];
  for (let i = 1; i < 16; i++) {
    const o = 216 + 12 * i;
    if (le16(s, o) === 0) continue;
    slots.push({ start: BigInt(le32(s, o + 4)), size: BigInt(le32(s, o + 8)) });
  }
  return { slots, warnings: [] };
}
