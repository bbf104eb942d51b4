// Each parser on images built from its format's layout, with the slots the
// format's rules give (the host tests check the same images against the
// reference kpartx).
import { describe, expect, test } from "bun:test";
import { parseBsd } from "../../../src/partitions/bsd.ts";
import { parseDasd, recsPerTrack } from "../../../src/partitions/dasd.ts";
import { parseDos } from "../../../src/partitions/dos.ts";
import { crc32, parseGpt } from "../../../src/partitions/gpt.ts";
import { parseMac } from "../../../src/partitions/mac.ts";
import { parsePs3 } from "../../../src/partitions/ps3.ts";
import { parseSolaris } from "../../../src/partitions/solaris.ts";
import { parseSun } from "../../../src/partitions/sun.ts";
import { parseUnixware } from "../../../src/partitions/unixware.ts";
import * as L from "../../fixtures/labels.ts";
import { blocks, sectorReader } from "./disk.ts";

const slots = (...s: [number | bigint, number | bigint, number?][]) =>
  s.map(([start, size, container]) => ({ start: BigInt(start), size: BigInt(size), ...(container === undefined ? {} : { container }) }));

describe("label parsers", () => {
  test("BSD: unused slices take no slot; the whole-disk slice contains the others", () => {
    const r = parseBsd(blocks(L.bsdImage([[100, 10, 7], [50, 120, 0], [200, 200, 7], [2000, 0, 7]])))!;
    expect(r.slots).toEqual(slots([10, 100, 2], [200, 200, 2], [0, 2000]));
    expect(r.warnings).toEqual([]);
  });
  test("BSD: a slice running into a later one is dropped with a warning", () => {
    const r = parseBsd(blocks(L.bsdImage([[100, 10, 7], [300, 50, 7]], { inSector0: true })))!;
    expect(r.warnings).toEqual(["bsd_disklabel: slice 0 overlaps with 1"]);
    expect(r.slots[0]!.size).toBe(0n);
  });
  test("Sun: starts in cylinders, 8 slots always, a bad checksum refuses the label", () => {
    const r = parseSun(blocks(L.sunImage([[1, 100], [3, 50], [0, 2048]], { ntrks: 4, nsect: 16 })))!;
    expect(r.slots.slice(0, 3)).toEqual(slots([64, 100, 2], [192, 50, 2], [0, 2048]));
    expect(r.slots).toHaveLength(8);
    expect(parseSun(blocks(L.sunImage([[1, 100]], { ntrks: 4, nsect: 16 }, true)))!.warnings).toEqual(["Corrupted Sun disk label"]);
  });
  test("Sun: the cylinder product wraps at 32 bits, as upstream's unsigned int", () => {
    const r = parseSun(blocks(L.sunImage([[0x10000000, 10]], { ntrks: 255, nsect: 63 })))!;
    expect(r.slots[0]!.start).toBe(BigInt((0x10000000 * 63 * 255) % 2 ** 32));
  });
  test("Mac: every entry is a slot, scaled by block size / 512 (an odd block size too)", () => {
    expect(parseMac(blocks(L.macImage(2048, [[1, 3], [4, 10]])))!.slots).toEqual(slots([4, 12], [16, 40]));
    expect(parseMac(blocks(L.macImage(600, [[1, 3], [4, 10]])))!.slots).toEqual(slots([1, 3], [4, 10]));
  });
  test("Mac: a map reaching past the disk loses everything", () => {
    const img = L.macImage(512, [[1, 63], [64, 100]], 5000);
    expect(parseMac(blocks(img))!.slots).toHaveLength(2); // the third entry has no signature: the walk stops
    const tiny = img.slice(0, 3 * 512);
    tiny.set([0x50, 0x4d], 2 * 512);
    expect(parseMac(blocks(tiny))).toBeNull();
  });
  test("UnixWare: slice 0 and unlabelled slices take no slot", () => {
    expect(parseUnixware(blocks(L.unixwareImage([[1, 0, 2048], [4, 10, 5], [0, 20, 5], [2, 30, 5]])))!.slots).toEqual(slots([10, 5], [30, 5]));
  });
  test("PS3: a partition needs both start and size; values are 64-bit", () => {
    expect(parsePs3(blocks(L.ps3Image([[8n, 16n], [0n, 5n], [40n, 8n], [1n << 62n, 3n]])))!.slots).toEqual(slots([8, 16], [40, 8], [1n << 62n, 3]));
  });
  test("Solaris: read with upstream's LP64 layout; a negative size becomes 2^64-1", () => {
    expect(parseSolaris(blocks(L.solarisImage([[10, 100n], [0, 0n], [-5, -1n]])))!.slots).toEqual(slots([10, 100], [2 ** 32 - 5, 2n ** 64n - 1n]));
    expect(parseSolaris(blocks(L.solarisImage([[10, 100n]], 2n)))!.warnings).toEqual(["Cannot handle solaris version 2 vtoc"]);
  });
});

describe("DASD labels on a disk that is no DASD", () => {
  const dev = (img: Uint8Array) => ({
    blockSize: 512, sizeBytes: BigInt(img.length), info: null, geo: null, dasdMajor: false,
    readAt: (off: bigint, buf: Uint8Array) => {
      const part = img.subarray(Number(off), Number(off) + buf.length);
      buf.set(part);
      return part.length;
    },
  });
  test("3390 records per track", () => {
    expect(recsPerTrack(512)).toBe(49);
    expect(recsPerTrack(4096)).toBe(12);
  });
  test("CMS1: one partition after the label block, sized by the label's block count", () => {
    // label block 2, 1024-byte CMS blocks: start (2+1)*2 = 6, end 100*2 = 200
    expect(parseDasd(dev(L.dasdImage("CMS1")))!.slots).toEqual(slots([6, 194]));
    // a reserved minidisk starts at its reserved block: 7*8 = 56, ends at (100-1)*8 = 792
    expect(parseDasd(dev(L.dasdImage("CMS1", { cmsReserved: 7, cmsBlockSize: 4096 })))!.slots).toEqual(slots([56, 736]));
  });
  test("LNX1: block 3 to the end of the formatted area", () => {
    // made-up geometry: 15 heads x 49 blocks, 4096 sectors -> 5 cylinders = 3675 sectors formatted
    expect(parseDasd(dev(L.dasdImage("LNX1")))!.slots).toEqual(slots([3, 3672]));
    expect(parseDasd(dev(L.dasdImage("LNX1", { ldlF2Blocks: 1000n })))!.slots).toEqual(slots([3, 997]));
  });
  test("VOL1: one partition per format-1/8 DSCB, format 4/5/7/9 skipped", () => {
    const img = L.dasdImage("VOL1", { dscbs: [{ fmt: 4, lo: [0, 0], hi: [0, 0] }, { fmt: 1, lo: [1, 0], hi: [1, 14] }, { fmt: 8, lo: [2, 3], hi: [3, 2] }] });
    // cylinder 1 head 0 = 735; to cylinder 1 head 14 = 735 + 686, plus a track: 735 blocks
    expect(parseDasd(dev(img))!.slots).toEqual(slots([735, 735], [2 * 735 + 3 * 49, 735]));
  });
  test("an unlabelled disk is no DASD", () => {
    expect(parseDasd(dev(new Uint8Array(4096 * 512)))).toBeNull();
  });
});

describe("DOS and GPT rules", () => {
  test("GPT's CRC32 is the standard one (check value of \"123456789\")", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
  test("an extended-type entry in an EBR never takes a slot, even with no start", () => {
    expect(parseDos(blocks(L.dosExtendedNoStart()), 1)!.slots).toEqual(slots([0, 0], [10, 2], [0, 0], [0, 0], [11, 4, 1]));
  });
  test("a GPT entry ending before it starts wraps to a huge size, as uint64_t; a short header_size is checksummed as it says", () => {
    for (const headerSize of [92, 16]) {
      const g = parseGpt(sectorReader(L.gptImage(40n, 30n, headerSize, crc32)), 64, 512, false)!;
      expect(g.slots).toEqual(slots([40, 2n ** 64n - 9n]));
      expect(g.warnings).toEqual(["Alternate GPT is invalid, using primary GPT."]);
    }
  });
});
