// What every partition table parser returns: up to 256 slots; slot i is
// partition i+1. Starts and sizes are 64-bit counts of 512-byte units (as
// upstream's uint64_t, wrapping the same way), and a slot may name the slot
// containing it (DOS logicals inside the extended partition, BSD/Sun slices
// inside the whole-disk slice).
export const MAX_SLICES = 256;

export type Slot = { start: bigint; size: bigint; container?: number };

export type LabelResult = { slots: Slot[]; warnings: string[] };

/** Reads `count` logical sectors at logical sector `lba`; null past the end or on error. */
export type SectorReader = (lba: number, count: number) => Uint8Array | null;

/** Upstream's getblock(): the 512-byte block `n` of the disk, as the rest of
 * the logical sector holding it (parsers may look past 512 bytes). */
export type BlockReader = (n: number) => Uint8Array | null;

export function blockReader(read: SectorReader, sectorSize: number): BlockReader {
  const per = Math.max(1, Math.floor(sectorSize / 512));
  return (n) => {
    if (n < 0 || n > 0xffffffff) return null;
    const s = read(Math.floor(n / per), 1);
    return s ? s.subarray((n % per) * 512) : null;
  };
}

export const EMPTY_SLOT: Slot = { start: 0n, size: 0n };

/** uint64_t arithmetic as C does it. */
export const u64 = (x: bigint) => BigInt.asUintN(64, x);

// Byte readers. A byte past the buffer reads as 0: upstream reads such bytes
// from whatever memory follows; we never read outside what we were given.
const at = (b: Uint8Array, o: number) => b[o] ?? 0;
export const le16 = (b: Uint8Array, o: number) => at(b, o) | (at(b, o + 1) << 8);
export const le32 = (b: Uint8Array, o: number) =>
  (at(b, o) | (at(b, o + 1) << 8) | (at(b, o + 2) << 16) | (at(b, o + 3) << 24)) >>> 0;
export const le64 = (b: Uint8Array, o: number) => BigInt(le32(b, o)) | (BigInt(le32(b, o + 4)) << 32n);
export const be16 = (b: Uint8Array, o: number) => (at(b, o) << 8) | at(b, o + 1);
export const be32 = (b: Uint8Array, o: number) =>
  ((at(b, o) << 24) | (at(b, o + 1) << 16) | (at(b, o + 2) << 8) | at(b, o + 3)) >>> 0;
export const be64 = (b: Uint8Array, o: number) => (BigInt(be32(b, o)) << 32n) | BigInt(be32(b, o + 4));
