// Hostile partition tables: random sectors, looping EBR chains, huge
// counts. Every parser ends, never throws, and stays within 256 slots.
import { describe, expect, test } from "bun:test";
import { parseBsd } from "../../../src/partitions/bsd.ts";
import { parseDasd } from "../../../src/partitions/dasd.ts";
import { parseDos } from "../../../src/partitions/dos.ts";
import { crc32, parseGpt } from "../../../src/partitions/gpt.ts";
import { parseMac } from "../../../src/partitions/mac.ts";
import { parsePs3 } from "../../../src/partitions/ps3.ts";
import { parseSolaris } from "../../../src/partitions/solaris.ts";
import { parseSun } from "../../../src/partitions/sun.ts";
import { parseUnixware } from "../../../src/partitions/unixware.ts";
import type { LabelResult } from "../../../src/partitions/slots.ts";
import { blocks, rng, sectorReader } from "./disk.ts";

const bounded = (r: LabelResult | null) => r === null || (r.slots.length <= 256 && r.slots.every((s) => s.start >= 0n && s.size >= 0n));

function dasdOf(disk: Uint8Array) {
  return {
    blockSize: 512, sizeBytes: BigInt(disk.length), info: null, geo: null, dasdMajor: false,
    readAt: (off: bigint, buf: Uint8Array) => {
      const o = Number(off);
      const part = disk.subarray(o, o + buf.length);
      buf.set(part);
      return part.length;
    },
  };
}

describe("partition parsers on hostile input", () => {
  test("3000 random disks with each parser's magic planted: no exception, at most 256 slots", () => {
    const r = rng(42);
    const magics: [number, number[]][] = [
      [510, [0x55, 0xaa]], [512, [...Buffer.from("EFI PART")]], [512, [0x57, 0x45, 0x56, 0x82]],
      [536, [0xee, 0xde, 0x0d, 0x60, 0, 0, 0, 0]], [29 * 512 + 4, [0x0d, 0x60, 0x5e, 0xca]], [1028, [0xe5, 0xd6, 0xd3, 0xf1]],
      [0, [0x45, 0x52]], [508, [0xda, 0xbe]], [0x10, [0, 0, 0, 0, 0x0f, 0xac, 0xe0, 0xff]],
    ];
    for (let n = 0; n < 3000; n++) {
      const disk = new Uint8Array(64 * 512);
      for (let i = 0; i < disk.length; i++) disk[i] = (r() * 256) | 0;
      const [at, bytes] = magics[n % magics.length]!;
      disk.set(bytes, at);
      const b = blocks(disk);
      for (const result of [parseDos(b, 1), parseGpt(sectorReader(disk), 64, 512, n % 5 === 0), parseBsd(b), parseSolaris(b),
        parseUnixware(b), parseDasd(dasdOf(disk)), parseMac(b), parseSun(b), parsePs3(b)]) {
        expect(bounded(result)).toBe(true);
      }
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
    const d = parseDos(blocks(disk), 1)!;
    expect(d.slots.length).toBe(256);
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
    expect(parseGpt(sectorReader(disk), 64, 512, true)).toBeNull();
  });
  test("a Mac map claiming 2^32-1 entries stops at 256", () => {
    const disk = new Uint8Array(600 * 512);
    disk.set([0x45, 0x52, 0x02, 0x00]);
    for (let k = 1; k < 600; k++) disk.set([0x50, 0x4d, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, k, 0, 0, 0, 1], k * 512);
    expect(parseMac(blocks(disk))!.slots).toHaveLength(256);
  });
});
