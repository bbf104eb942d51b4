// Sun disklabels (upstream kpartx sun.c): big-endian, in block 0, with an
// XOR checksum; always 8 slots, starts in cylinders.
import { markContainment } from "./containment.ts";
import { type BlockReader, type LabelResult, type Slot, be16, be32 } from "./slots.ts";

export function parseSun(block: BlockReader): LabelResult | null {
  const s = block(0);
  if (!s || be16(s, 508) !== 0xdabe) return null;
  let x = 0;
  for (let o = 0; o < 512; o += 2) x ^= be16(s, o);
  if (x !== 0) return { slots: [], warnings: ["Corrupted Sun disk label"] };
  const ntrks = be16(s, 436), nsect = be16(s, 438);
  const slots: Slot[] = [];
  for (let i = 0; i < 8; i++) {
    const o = 444 + 8 * i;
    // cylinder * sectors * tracks is an unsigned int product upstream
    const start = Math.imul(Math.imul(be32(s, o), nsect), ntrks) >>> 0;
    slots.push({ start: BigInt(start), size: BigInt(be32(s, o + 4)) });
  }
  const warnings: string[] = [];
  markContainment(slots, "sun_disklabel", warnings);
  return { slots, warnings };
}
