// Hostile partition tables: random sectors, looping EBR chains, huge
// counts. The parsers end, never throw, and stay within 256 slots.
import { describe, expect, test } from "bun:test";
import { parseDos } from "../../../src/partitions/dos.ts";
import { crc32, parseGpt } from "../../../src/partitions/gpt.ts";
import type { SectorReader } from "../../../src/partitions/slots.ts";

function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
}
const reader = (disk: Uint8Array, ss = 512): SectorReader => (lba, count) =>
  lba < 0 || (lba + count) * ss > disk.length ? null : disk.subarray(lba * ss, (lba + count) * ss);

describe("partition parsers on hostile input", () => {
  test("2000 random disks: no exception, at most 256 slots, bounded time", () => {
    const r = rng(42);
    for (let n = 0; n < 2000; n++) {
      const disk = new Uint8Array(64 * 512);
      for (let i = 0; i < disk.length; i++) disk[i] = (r() * 256) | 0;
      if (n % 2) (disk[510] = 0x55), (disk[511] = 0xaa);
      if (n % 3 === 0) disk.set(Buffer.from("EFI PART"), 512);
      const d = parseDos(reader(disk), 1);
      expect(d === null || d.slots.length <= 256).toBe(true);
      const g = parseGpt(reader(disk), 64, 512, n % 5 === 0);
      expect(g === null || g.slots.length <= 256).toBe(true);
    }
  });
  test("an EBR chain that points at itself ends", () => {
    const disk = new Uint8Array(64 * 512);
    const entry = (sector: number, i: number, type: number, start: number, size: number) => {
      const o = sector * 512 + 0x1be + 16 * i;
      disk[o + 4] = type;
      new DataView(disk.buffer).setUint32(o + 8, start, true);
      new DataView(disk.buffer).setUint32(o + 12, size, true);
      disk[sector * 512 + 510] = 0x55;
      disk[sector * 512 + 511] = 0xaa;
    };
    entry(0, 0, 0x05, 10, 40);
    entry(10, 0, 0x83, 1, 2); // a logical
    entry(10, 1, 0x05, 10, 5); // next EBR at 10 + 10 = 20
    entry(20, 0, 0x83, 1, 2);
    entry(20, 1, 0x05, 10, 5); // ... which names itself again
    const d = parseDos(reader(disk), 1)!;
    expect(d.slots.length).toBeLessThanOrEqual(256);
    expect(d.warnings).toContain("dos_extd_partition: too many slices");
  });
  test("a GPT claiming 2^32-1 entries is refused, not read", () => {
    const disk = new Uint8Array(64 * 512);
    const h = disk.subarray(512, 1024);
    h.set(Buffer.from("EFI PART"));
    const v = new DataView(h.buffer, h.byteOffset);
    v.setUint32(12, 92, true);
    v.setUint32(24, 1, true); // my_lba
    v.setUint32(72, 2, true); // entries at LBA 2
    v.setUint32(80, 0xffffffff, true);
    v.setUint32(84, 128, true);
    v.setUint32(16, crc32(h.subarray(0, 92)), true);
    expect(parseGpt(reader(disk), 64, 512, true)).toBeNull();
  });
});
