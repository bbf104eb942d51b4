// kpartx -l against Debian's kpartx on images of every label format that
// parted/sfdisk cannot write (built from the layouts in tests/fixtures),
// on 512-byte and 4096-byte sectors, then on thousands of mutated copies:
// stdout, stderr and exit status must be equal.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "../../../src/partitions/gpt.ts";
import * as L from "../../fixtures/labels.ts";
import { rng } from "../../unit/kpartx/disk.ts";
import { both, sh } from "./ref.ts";

const dir = mkdtempSync(join(tmpdir(), "kpartx-labels-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

export const LABELS: Record<string, Uint8Array> = {
  "bsd-contained": L.bsdImage([[100, 10, 7], [50, 120, 0], [200, 200, 7], [2000, 0, 7]]),
  "bsd-in-sector0-overlap": L.bsdImage([[100, 10, 7], [300, 50, 7]], { inSector0: true }),
  "bsd-identical-ranges": L.bsdImage([[100, 10, 7], [100, 10, 7], [500, 0, 7]]),
  "bsd-npartitions-cap": L.bsdImage(Array.from({ length: 16 }, (_, i) => [10, 20 * i + 1, 7] as [number, number, number]), { npartitions: 200 }),
  sun: L.sunImage([[1, 100], [3, 50], [0, 2048], [0, 0], [10, 20], [0, 0], [0, 0], [0, 0]], { ntrks: 4, nsect: 16 }),
  "sun-bad-checksum": L.sunImage([[1, 100]], { ntrks: 4, nsect: 16 }, true),
  "sun-wrapping-start": L.sunImage([[0x10000000, 10], [1, 10]], { ntrks: 255, nsect: 63 }),
  "mac-512": L.macImage(512, [[1, 63], [64, 100], [200, 300]]),
  "mac-2048": L.macImage(2048, [[1, 3], [4, 10], [20, 30]]),
  "mac-odd-block-size": L.macImage(600, [[1, 3], [4, 10], [20, 30]]),
  "mac-count-past-end": L.macImage(512, [[1, 63], [64, 100]], 5000),
  unixware: L.unixwareImage([[1, 0, 2048], [4, 10, 5], [0, 20, 5], [2, 30, 5]]),
  ps3: L.ps3Image([[8n, 16n], [0n, 5n], [40n, 8n], [1n << 62n, 1n << 62n]]),
  "solaris-lp64": L.solarisImage([[10, 100n], [0, 0n], [200, 50n], [-5, -1n]]),
  "solaris-version-2": L.solarisImage([[10, 100n]], 2n),
  "dasd-cms1": L.dasdImage("CMS1"),
  "dasd-cms1-reserved": L.dasdImage("CMS1", { cmsReserved: 7, cmsBlockSize: 4096 }),
  "dasd-lnx1": L.dasdImage("LNX1"),
  "dasd-lnx1-formatted": L.dasdImage("LNX1", { ldlF2Blocks: 1000n }),
  "dasd-vol1": L.dasdImage("VOL1", {
    dscbs: [{ fmt: 4, lo: [0, 0], hi: [0, 0] }, { fmt: 1, lo: [1, 0], hi: [1, 14] }, { fmt: 8, lo: [2, 3], hi: [3, 2] }, { fmt: 5, lo: [0, 0], hi: [0, 0] }],
  }),
  "dos-ebr-extended-without-start": L.dosExtendedNoStart(),
  "gpt-entry-ending-before-start": L.gptImage(40n, 30n, 92, crc32),
  "gpt-header-size-16": L.gptImage(8n, 20n, 16, crc32),
};

function image(name: string, bytes: Uint8Array): string {
  const file = join(dir, `${name}.img`);
  writeFileSync(file, bytes);
  return file;
}

describe("every label format, against the reference", () => {
  for (const [name, bytes] of Object.entries(LABELS)) {
    test(name, () => {
      const file = image(name, bytes);
      for (const args of [["-l", file], ["-lv", "-p", "-x", file], ["-l", "-t", name.split("-")[0]!, file]]) {
        const { ref, ours } = both(args);
        expect({ args, ...ours }).toEqual({ args, ...ref });
      }
      const { ours } = both(["-l", file]);
      expect(ours.out + ours.err).not.toBe(""); // every image says something
    });
  }
  test("on 4096-byte sectors the labels keep their 512-byte block addresses", () => {
    for (const name of ["bsd-contained", "sun", "mac-2048", "unixware", "ps3", "solaris-lp64", "dasd-lnx1", "dasd-vol1"]) {
      const file = image(`${name}-4k`, LABELS[name]!);
      const loop = sh(`losetup -f --show --sector-size 4096 ${file}`).trim();
      try {
        const { ref, ours } = both(["-l", loop]);
        expect({ name, ...ours }).toEqual({ name, ...ref });
      } finally {
        sh(`losetup -d ${loop}`);
      }
    }
  });
});

describe("mutated labels, against the reference", () => {
  // Random bytes written over the label areas of every format; a fixed seed
  // keeps the cases the same from run to run.
  const AREAS = [[0, 3 * 512], [29 * 512, 30 * 512], [1024, 1300], [2600 * 512, 2640 * 512]];
  // The reference has undefined behaviour on some hostile tables (reads past
  // its buffers) and may crash: such cases are counted, not compared.
  test("600 mutated images: the same lines, messages and status", () => {
    const r = rng(7);
    const names = Object.keys(LABELS);
    const mismatches: string[] = [];
    let refCrashes = 0;
    // one 2 MiB loop device over the mutant file for the whole run: its name
    // stays the same whatever else uses loop devices meanwhile
    const file = image("mutant", new Uint8Array(4096 * 512));
    const loop = sh(`losetup -f --show ${file}`).trim();
    for (let n = 0; n < 600; n++) {
      const name = names[n % names.length]!;
      const bytes = LABELS[name]!.slice();
      for (let k = 1 + Math.floor(r() * 6); k > 0; k--) {
        const [lo, hi] = AREAS[Math.floor(r() * AREAS.length)]!;
        const at = lo! + Math.floor(r() * (hi! - lo!));
        bytes[at] = r() < 0.3 ? 0 : r() < 0.5 ? 0xff : Math.floor(r() * 256);
      }
      writeFileSync(file, bytes);
      const { ref, ours } = both(["-l", loop]);
      expect(ours.rc === 0 || ours.rc === 1).toBe(true);
      if (ref.rc > 128) {
        refCrashes++;
        continue;
      }
      if (JSON.stringify(ours) !== JSON.stringify(ref)) {
        writeFileSync(join(tmpdir(), `kpartx-mismatch-${n}.img`), bytes);
        mismatches.push(`case ${n} (${name}): kept as ${join(tmpdir(), `kpartx-mismatch-${n}.img`)}`);
      }
    }
    sh(`losetup -d ${loop}`);
    expect(mismatches).toEqual([]);
    expect(refCrashes).toBeLessThan(30);
    console.log(`kpartx label fuzz: 600 cases, ${refCrashes} reference crashes skipped`);
  }, 120_000);
});
