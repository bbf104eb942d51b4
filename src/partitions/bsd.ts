// BSD disklabels (upstream kpartx bsd.c): at block 1, or 64 bytes into
// block 0; unused slices (fstype 0) take no slot.
import { markContainment } from "./containment.ts";
import { type BlockReader, type LabelResult, type Slot, le16, le32 } from "./slots.ts";

const BSD_MAGIC = 0x82564557;

export function parseBsd(block: BlockReader): LabelResult | null {
  let label = block(1);
  if (!label) return null;
  if (le32(label, 0) !== BSD_MAGIC) {
    const b0 = block(0);
    if (!b0) return null;
    label = b0.subarray(64);
    if (le32(label, 0) !== BSD_MAGIC) return null;
  }
  const n = Math.min(16, le16(label, 138));
  const slots: Slot[] = [];
  for (let i = 0; i < n; i++) {
    const o = 148 + 16 * i;
    if ((label[o + 12] ?? 0) === 0) continue;
    slots.push({ start: BigInt(le32(label, o + 4)), size: BigInt(le32(label, o)) });
  }
  const warnings: string[] = [];
  markContainment(slots, "bsd_disklabel", warnings);
  return { slots, warnings };
}
