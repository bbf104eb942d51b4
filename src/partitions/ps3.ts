// PlayStation 3 disk labels (upstream kpartx ps3.c): 0x600 bytes from block
// 0, big-endian; a partition needs a start and a size (numbers close up).
import { type BlockReader, type LabelResult, type Slot, be64 } from "./slots.ts";

export function parsePs3(block: BlockReader): LabelResult | null {
  const label = new Uint8Array(0x600);
  for (let i = 0; i < 3; i++) {
    const b = block(i);
    if (!b) return null;
    label.set(b.subarray(0, 512), i * 512);
  }
  if (be64(label, 0x10) !== 0x0face0ffn || be64(label, 0x18) !== 0xdeadfacen) return null;
  const slots: Slot[] = [];
  for (let i = 0; i < 8; i++) {
    const o = 0x30 + 0x90 * i;
    const start = be64(label, o), size = be64(label, o + 8);
    if (start && size) slots.push({ start, size });
  }
  return { slots, warnings: [] };
}
