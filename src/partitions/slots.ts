// What every partition table parser returns: up to 256 slots; slot i is
// partition i+1. Starts and sizes are in 512-byte units; a slot may name
// the slot containing it (DOS logicals inside the extended partition).
export const MAX_SLICES = 256;

export type Slot = { start: number; size: number; container?: number };

/** Reads `count` logical sectors at logical sector `lba`; null past the end or on error. */
export type SectorReader = (lba: number, count: number) => Uint8Array | null;

export const le16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
export const le32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
export const le64 = (b: Uint8Array, o: number) => le32(b, o) + le32(b, o + 4) * 2 ** 32;
