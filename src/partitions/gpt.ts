// GPT (upstream kpartx gpt.c): the primary header at LBA 1, else the
// alternate at the last LBA; CRC32 of header and entry array checked; a
// protective MBR required unless forced (-g). LBAs are 64-bit.
import { type LabelResult, MAX_SLICES, type SectorReader, type Slot, le32, le64, u64 } from "./slots.ts";

/** EFI's CRC32 is zlib's (reflected 0xEDB88320, ~0 in and out): Bun's native one. */
export function crc32(b: Uint8Array): number {
  return Bun.hash.crc32(b) >>> 0;
}

type Header = {
  myLba: bigint; alternateLba: bigint; firstUsable: bigint; lastUsable: bigint; guid: string;
  entries: number; entrySize: number; entriesCrc: number; array: Uint8Array;
};

/** The largest entry array we read (upstream mallocs whatever the header says). */
const MAX_ARRAY_BYTES = 64 << 20;

/** `bytes` from logical sector `lba` on, in one read; sectors past the end
 * read as zeros (upstream zero-fills its buffer and accepts a short read).
 * Null when not even the first sector can be read. */
function readZeroFilled(read: SectorReader, lba: bigint, bytes: number, sectorSize: number, sectors: number): Uint8Array | null {
  if (lba >= BigInt(sectors)) return null;
  const want = Math.ceil(bytes / sectorSize);
  const got = read(Number(lba), Math.min(want, sectors - Number(lba)));
  if (!got) return null;
  if (got.length === want * sectorSize) return got;
  const out = new Uint8Array(want * sectorSize);
  out.set(got);
  return out;
}

function readHeader(read: SectorReader, lba: bigint, sectorSize: number, sectors: number): Header | null {
  const s = readZeroFilled(read, lba, 92, sectorSize, sectors);
  if (!s || Buffer.from(s.subarray(0, 8)).toString("latin1") !== "EFI PART") return null;
  // upstream checksums header_size bytes of a one-sector buffer; past it we refuse
  const headerSize = le32(s, 12);
  if (headerSize > s.length) return null;
  const copy = s.slice(0, headerSize);
  copy.fill(0, 16, 20);
  if (crc32(copy) !== le32(s, 16)) return null;
  const h = {
    myLba: le64(s, 24), alternateLba: le64(s, 32), firstUsable: le64(s, 40), lastUsable: le64(s, 48),
    guid: Buffer.from(s.subarray(56, 72)).toString("hex"), entries: le32(s, 80),
    entrySize: le32(s, 84), entriesCrc: le32(s, 88),
  };
  if (h.myLba !== lba || h.entrySize !== 128) return null;
  const bytes = (h.entries * 128) % 2 ** 32; // a 32-bit product upstream
  if (bytes === 0 || bytes > MAX_ARRAY_BYTES) return null;
  const arr = readZeroFilled(read, le64(s, 72), bytes, sectorSize, sectors);
  if (!arr) return null;
  const array = arr.subarray(0, bytes);
  if (crc32(array) !== h.entriesCrc) return null;
  // entries beyond what was read (a wrapped count) are not trusted
  if (h.entries * 128 > bytes) return null;
  return { ...h, array };
}

function protectiveMbr(read: SectorReader): boolean {
  const s = read(0, 1);
  if (!s || s[510] !== 0x55 || s[511] !== 0xaa) return false;
  return [0, 1, 2, 3].some((i) => s[0x1be + 16 * i + 4] === 0xee);
}

const hex = (n: number) => `0x${n.toString(16)}`;

function compare(p: Header, a: Header, lastLba: bigint, warnings: string[]): void {
  const before = warnings.length;
  const w = (m: string) => warnings.push(m);
  if (p.myLba !== a.alternateLba) w("GPT:Primary header LBA != Alt. header alternate_lba");
  if (p.alternateLba !== a.myLba) w("GPT:Primary header alternate_lba != Alt. header my_lba");
  if (p.firstUsable !== a.firstUsable) w("GPT:first_usable_lbas don't match.");
  if (p.lastUsable !== a.lastUsable) w("GPT:last_usable_lbas don't match.");
  if (p.guid !== a.guid) w("GPT:disk_guids don't match.");
  if (p.entries !== a.entries) w(`GPT:num_partition_entries don't match: ${hex(p.entries)} != ${hex(a.entries)}`);
  if (p.entrySize !== a.entrySize) w(`GPT:sizeof_partition_entry values don't match: ${hex(p.entrySize)} != ${hex(a.entrySize)}`);
  if (p.entriesCrc !== a.entriesCrc) {
    w(`GPT:partition_entry_array_crc32 values don't match: ${hex(p.entriesCrc)} != ${hex(a.entriesCrc)}`);
  }
  if (p.alternateLba !== lastLba) w("GPT:Primary header thinks Alt. header is not at the end of the disk.");
  if (a.myLba !== lastLba) w("GPT:Alternate GPT header not at the end of the disk.");
  if (warnings.length > before) w("GPT: Use GNU Parted to correct GPT errors.");
}

/** `rejected`: a valid GPT behind an invalid protective MBR (without -g): other parsers get their turn. */
export type GptResult = LabelResult & { rejected?: boolean };

/** Null when the disk has no (usable) GPT. `sectors`: logical sectors on the disk. */
export function parseGpt(read: SectorReader, sectors: number, sectorSize: number, force: boolean): GptResult | null {
  const warnings: string[] = [];
  if (sectors < 2) return null;
  const lastLba = BigInt(sectors - 1);
  const primary = readHeader(read, 1n, sectorSize, sectors);
  let alternate = primary ? readHeader(read, primary.alternateLba, sectorSize, sectors) : null;
  if (!alternate) alternate = readHeader(read, lastLba, sectorSize, sectors);
  const good = primary ?? alternate;
  if (!good) return null;
  if (!protectiveMbr(read)) {
    if (!force) {
      warnings.push("  Warning: Disk has a valid GPT signature but invalid PMBR.\n  Assuming this disk is *not* a GPT disk anymore.\n  Use gpt kernel option to override.  Use GNU Parted to correct disk.");
      return { slots: [], warnings, rejected: true };
    }
    warnings.push("  Warning: Disk has a valid GPT signature but invalid PMBR.\n  Use GNU Parted to correct disk.\n  gpt option taken, disk treated as GPT.");
  }
  if (primary && alternate) compare(primary, alternate, lastLba, warnings);
  if (primary && !alternate) warnings.push("Alternate GPT is invalid, using primary GPT.");
  if (!primary) warnings.push("Primary GPT is invalid, using alternate GPT.");
  const unit = BigInt(sectorSize / 512);
  const slots: Slot[] = [];
  let used = 0;
  for (let i = 0; i < Math.min(good.entries, MAX_SLICES); i++) {
    const e = good.array.subarray(i * 128, i * 128 + 128);
    const empty = e.subarray(0, 16).every((x) => x === 0);
    const first = le64(e, 32), last = le64(e, 40);
    slots.push(empty ? { start: 0n, size: 0n } : { start: u64(first * unit), size: u64((last - first + 1n) * unit) });
    if (!empty) used = i + 1;
  }
  return { slots: slots.slice(0, used), warnings };
}
