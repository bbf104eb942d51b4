// In-memory disks for the partition parser tests.
import { type BlockReader, type SectorReader, blockReader } from "../../../src/partitions/slots.ts";

export const sectorReader = (disk: Uint8Array, ss = 512): SectorReader => (lba, count) =>
  lba < 0 || (lba + count) * ss > disk.length ? null : disk.subarray(lba * ss, (lba + count) * ss);

export const blocks = (disk: Uint8Array, ss = 512): BlockReader => blockReader(sectorReader(disk, ss), ss);

export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
}
