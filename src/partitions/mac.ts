// Apple partition maps (upstream kpartx mac.c): a driver descriptor in
// block 0 gives the block size; entries 1..map_count follow, every entry
// (the map itself, free space) a slot. A read failure loses the whole map.
import { type BlockReader, type LabelResult, MAX_SLICES, type Slot, be16, be32 } from "./slots.ts";

const DRIVER_MAGIC = 0x4552;
const PARTITION_MAGIC = 0x504d;

export function parseMac(block: BlockReader): LabelResult | null {
  const dd = block(0);
  if (!dd || be16(dd, 0) !== DRIVER_MAGIC) return null;
  const bs = be16(dd, 2);
  const at = (pos: number) => {
    const b = block(Math.floor(pos / 512));
    return b ? b.subarray(pos % 512) : null;
  };
  const first = at(bs);
  if (!first || be16(first, 0) !== PARTITION_MAGIC) return null;
  const count = be32(first, 4);
  const unit = Math.floor(bs / 512);
  const slots: Slot[] = [];
  for (let k = 1; k <= count && k <= MAX_SLICES; k++) {
    const e = at((k * bs) | 0);
    if (!e) return null;
    if (be16(e, 0) !== PARTITION_MAGIC) break;
    // block numbers times (block size / 512) are unsigned int products upstream
    slots.push({ start: BigInt(Math.imul(be32(e, 8), unit) >>> 0), size: BigInt(Math.imul(be32(e, 12), unit) >>> 0) });
  }
  return { slots, warnings: [] };
}
