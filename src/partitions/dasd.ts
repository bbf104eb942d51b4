// IBM DASD volume labels (upstream kpartx dasd.c). A DASD says what it is
// through BIODASDINFO; any other disk is read as upstream reads it there:
// label block 2, ECKD layout, geometry from HDIO_GETGEO or made up. So on
// x86 too a disk carrying a CMS1, VOL1 or LNX1 label at block 2 has DASD
// partitions. Multi-byte fields are read little-endian, as upstream reads
// them on x86 (s390 is big-endian; there the values differ).
import { type LabelResult, MAX_SLICES, type Slot, le16, le32, le64, u64 } from "./slots.ts";

export type DasdInfo = { labelBlock: number; fba: boolean; type: string };
export type Geometry = { heads: number; sectors: number; cylinders: number };

/** The device as the DASD parser sees it (filled in at the I/O edge). */
export type DasdDevice = {
  blockSize: number;
  sizeBytes: bigint;
  /** BIODASDINFO; null when the ioctl fails (not a DASD) */
  info: DasdInfo | null;
  /** HDIO_GETGEO; null when the device has none (loop devices) */
  geo: Geometry | null;
  /** the device's major is 94 (dasd) */
  dasdMajor: boolean;
  /** pread into buf: bytes read (0 at the end), or -1 on error */
  readAt: (offset: bigint, buf: Uint8Array) => number;
};

// EBCDIC code points of the label and format identifiers compared here
const EBCDIC_DIGIT0 = 0xf0;
const ebcdic = (s: string) => [...s].map((c) => (c >= "0" && c <= "9" ? EBCDIC_DIGIT0 + Number(c) : EBCDIC_LETTER[c]!));
const EBCDIC_LETTER: Record<string, number> = { C: 0xc3, L: 0xd3, M: 0xd4, N: 0xd5, O: 0xd6, S: 0xe2, V: 0xe5, X: 0xe7 };
const CMS1 = ebcdic("CMS1"), VOL1 = ebcdic("VOL1"), LNX1 = ebcdic("LNX1");
const is = (b: Uint8Array, o: number, word: number[]) => word.every((x, i) => b[o + i] === x);
const fmtDigit = (x: number) => (x >= EBCDIC_DIGIT0 && x <= EBCDIC_DIGIT0 + 9 ? x - EBCDIC_DIGIT0 : -1);

/** Records per track of a 3390 for a block size (upstream, from fdasd). */
export function recsPerTrack(dl: number): number {
  const ceil = (a: number, b: number) => Math.floor((a + b - 1) / b);
  const dn = ceil(dl + 6, 232) + 1;
  return Math.floor(1729 / (10 + 9 + ceil(dl + 6 * dn, 34)));
}

/** upstream's sectors512(): a count of blocks in 512-byte units (blocksize is an int there) */
const sectors512 = (n: bigint, blockSize: number) => u64(n * BigInt(blockSize >> 9));

function cchhToBlock(cc: number, hh: number, geo: Geometry): bigint {
  const cyl = (BigInt(hh & 0xfff0) << 12n) | BigInt(cc);
  return u64(cyl * BigInt(geo.heads) * BigInt(geo.sectors) + BigInt(hh & 0xf) * BigInt(geo.sectors));
}

export function parseDasd(dev: DasdDevice): LabelResult | null {
  const info = dev.info ?? { labelBlock: 2, fba: false, type: "ECKD" };
  const bs = dev.blockSize;
  let geo = dev.geo;
  if (!geo) {
    const sectors = recsPerTrack(bs) & 0xff;
    const cyl = Number(BigInt.asUintN(32, dev.sizeBytes / BigInt(bs * 15 * sectors)));
    geo = { heads: 15, sectors, cylinders: cyl < 0xfffe ? cyl : 0xfffe };
  }
  const diskSectors = dev.sizeBytes >> 9n;
  if (bs < 512 || bs > 4096) return null;
  const eckd = !info.fba && info.type.startsWith("ECKD");
  const data = new Uint8Array(bs);
  const labelAt = BigInt((info.labelBlock * bs) >>> 0);
  if (labelAt > dev.sizeBytes || dev.readAt(labelAt, data) < 0) return null;
  // the volume label; FBA and non-ECKD labels sit 4 bytes earlier on disk
  const vlabel = new Uint8Array(92);
  if (eckd) vlabel.set(data.subarray(0, 92));
  else vlabel.set(data.subarray(0, 88), 4);
  const one = (start: bigint, size: bigint): LabelResult => ({ slots: [{ start, size: u64(size - start) }], warnings: [] });

  if (is(vlabel, 4, CMS1)) {
    const blockSize = le32(vlabel, 16) | 0;
    const reserved = le32(vlabel, 56), blocks = le32(vlabel, 32);
    const offset = reserved !== 0 ? reserved : (info.labelBlock + 1) >>> 0;
    const size = sectors512(BigInt(reserved !== 0 ? (blocks - 1) >>> 0 : blocks), blockSize);
    return one(sectors512(BigInt(offset), blockSize), size);
  }
  if (is(vlabel, 4, VOL1) && eckd) {
    const blk0 = u64(cchhToBlock(le16(vlabel, 15), le16(vlabel, 17), geo) + BigInt(vlabel[19]!) + 1n);
    let pos = u64(blk0 * BigInt(bs));
    if (pos > dev.sizeBytes) return null;
    const slots: Slot[] = [];
    // upstream reads on until a read fails, re-using a stale buffer at the
    // end of the disk (and never stops); we stop there and at 256 slots
    while (slots.length < MAX_SLICES) {
      const n = dev.readAt(pos, data);
      if (n <= 0) break;
      pos += BigInt(n);
      const fmt = fmtDigit(data[44]!);
      if (fmt === 4 || fmt === 5 || fmt === 7 || fmt === 9) continue;
      if (fmt !== 1 && fmt !== 8) break;
      const offset = cchhToBlock(le16(data, 107), le16(data, 109), geo);
      const size = u64(cchhToBlock(le16(data, 111), le16(data, 113), geo) - offset + BigInt(geo.sectors));
      slots.push({ start: sectors512(offset, bs), size: sectors512(size, bs) });
    }
    return { slots, warnings: [] };
  }
  let size = diskSectors;
  if (is(vlabel, 4, LNX1)) {
    let formatted: bigint;
    if (vlabel[83] === 0xf2) formatted = sectors512(le64(vlabel, 84), bs);
    else if (info.type.startsWith("ECKD")) {
      // an int product upstream, sign-extended into the 64-bit size
      formatted = u64(BigInt(Math.imul(Math.imul(Math.imul(geo.cylinders, geo.heads), geo.sectors), bs >> 9)));
    } else formatted = diskSectors;
    if (formatted < size) size = formatted;
  } else if (!dev.dasdMajor) return null;
  return one(sectors512(BigInt((info.labelBlock + 1) >>> 0), bs), size);
}
