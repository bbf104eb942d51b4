// DOS/MBR partition tables with extended partitions (upstream kpartx dos.c):
// four primary slots always, logicals from the EBR chain (first two entries
// of each EBR), a protective 0xEE entry leaves the disk to GPT.
import { type BlockReader, type LabelResult, MAX_SLICES, type Slot, le32, u64 } from "./slots.ts";

const EXTENDED = new Set([0x05, 0x0f, 0x85]);
const hasSignature = (s: Uint8Array) => s[510] === 0x55 && s[511] === 0xaa;
const entry = (b: Uint8Array, i: number) => {
  const o = 0x1be + 16 * i;
  return { type: b[o + 4]!, start: le32(b, o + 8), size: le32(b, o + 12) };
};
/** upstream multiplies 32-bit fields by an int there: the product wraps at 2^32 */
const mul32 = (a: number, b: number) => BigInt((Math.imul(a, b) >>> 0));

/** The logical partitions of the extended partition `ext` (slot index `en`);
 * EBR positions are 512-byte block numbers. */
function logicals(block: BlockReader, unit: number, ext: { start: number }, en: number, room: number, warnings: string[]): Slot[] {
  const out: Slot[] = [];
  const start = mul32(unit, ext.start);
  let next = start;
  let idle = 0;
  for (;;) {
    const here = next;
    if (++idle > 100) return out;
    const s = block(Number(here & 0xffffffffn)); // getblock() takes an unsigned int
    if (!s || !hasSignature(s)) return out;
    let more = false;
    for (let k = 0; k < 2; k++) {
      const e = entry(s, k);
      if (EXTENDED.has(e.type)) {
        if (e.start && e.size && !more) {
          next = u64(start + mul32(unit, e.start));
          more = true;
        }
        continue;
      }
      if (out.length >= room) {
        warnings.push("dos_extd_partition: too many slices");
        return out;
      }
      out.push({ start: u64(here + mul32(unit, e.start)), size: mul32(unit, e.size), container: en });
      idle = 0;
    }
    if (!more) return out;
  }
}

/** `unit`: 512-byte units per logical sector. Null when block 0 is no MBR. */
export function parseDos(block: BlockReader, unit: number): LabelResult | null {
  const mbr = block(0);
  if (!mbr || !hasSignature(mbr)) return null;
  const warnings: string[] = [];
  const slots: Slot[] = [];
  const logical: Slot[] = [];
  for (let i = 0; i < 4; i++) {
    const e = entry(mbr, i);
    if (e.type === 0xee) return { slots: [], warnings };
    slots.push({ start: BigInt(unit) * BigInt(e.start), size: BigInt(unit) * BigInt(e.size) });
    if (EXTENDED.has(e.type)) {
      // the container itself gets 1 KiB mapped (one logical sector on 4Kn)
      slots[i]!.size = BigInt(unit === 1 ? 2 : unit);
      logical.push(...logicals(block, unit, e, i, MAX_SLICES - 4 - logical.length, warnings));
    }
  }
  return { slots: [...slots, ...logical], warnings };
}
