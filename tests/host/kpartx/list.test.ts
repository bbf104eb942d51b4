// kpartx -l against Debian's kpartx on images built here (loop devices).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, REF, REPO, both, run, sh } from "./ref.ts";

const dir = mkdtempSync(join(tmpdir(), "kpartx-"));

const IMAGES: Record<string, { size: string; build: (img: string) => void; sectorSize?: number }> = {
  "dos-primaries": { size: "64M", build: (i) => sh(`printf 'label: dos\\n,8M,83\\n,8M,83\\n,,83\\n' | sfdisk -q ${i}`) },
  "dos-gap": { size: "64M", build: (i) => sh(`printf 'label: dos\\n1: start=2048,size=8192,type=83\\n3: start=20480,size=8192,type=83\\n' | sfdisk -q ${i}`) },
  "dos-logicals": {
    size: "128M",
    build: (i) => sh(`printf 'label: dos\\n,8M,83\\n,8M,83\\n,,5\\n,4M,83\\n,4M,83\\n,4M,82\\n,4M,83\\n,4M,83\\n,,83\\n' | sfdisk -q ${i}`),
  },
  "gpt-128": {
    size: "256M",
    build: (i) => sh(`sgdisk -o ${Array.from({ length: 40 }, (_, n) => `-n ${n + 1}:0:+1M`).join(" ")} ${i} >/dev/null`),
  },
  "gpt-128-used": {
    size: "300M",
    build: (i) => sh(`sgdisk -o ${Array.from({ length: 128 }, (_, n) => `-n ${n + 1}:0:+2M`).join(" ")} ${i} >/dev/null`),
  },
  "dos-many-logicals": {
    size: "256M",
    build: (i) => sh(`printf 'label: dos\\n,8M,83\\n,8M,83\\n,8M,83\\n,,5\\n${",4M,83\\n".repeat(40)}' | sfdisk -q ${i}`),
  },
  "gpt-truncated": {
    size: "64M",
    build: (i) => sh(`sgdisk -o -n 1:0:+8M -n 2:0:+8M ${i} >/dev/null && truncate -s 32M ${i}`),
  },
  "dos-truncated-chain": {
    size: "128M",
    build: (i) => sh(`printf 'label: dos\\n,8M,83\\n,,5\\n,30M,83\\n,30M,83\\n,30M,83\\n' | sfdisk -q ${i} && truncate -s 60M ${i}`),
  },
  "gpt-gaps": { size: "64M", build: (i) => sh(`sgdisk -o -n 2:2048:+4M -n 7:0:+4M ${i} >/dev/null`) },
  "gpt-no-primary": {
    size: "64M",
    build: (i) => sh(`sgdisk -o -n 1:0:+8M -n 2:0:+8M ${i} >/dev/null && dd if=/dev/zero of=${i} bs=512 seek=1 count=1 conv=notrunc 2>/dev/null`),
  },
  "gpt-4k": { size: "64M", sectorSize: 4096, build: () => {} },
  bsd: { size: "64M", build: (i) => sh(`parted -s ${i} mklabel bsd mkpart ext2 1MiB 9MiB mkpart ext2 9MiB 20MiB mkpart ext2 30MiB 40MiB`) },
  sun: { size: "64M", build: (i) => sh(`parted -s ${i} mklabel sun mkpart ext2 1MiB 9MiB mkpart ext2 9MiB 20MiB`) },
  mac: { size: "64M", build: (i) => sh(`parted -s ${i} mklabel mac mkpart primary 1MiB 9MiB mkpart primary 9MiB 20MiB`) },
  empty: { size: "16M", build: () => {} },
};

const loops: string[] = [];
beforeAll(() => {
  if (!Bun.spawnSync(["test", "-x", BIN]).success) sh(`cd ${REPO} && node_modules/.bin/bun build.ts`);
  for (const [name, img] of Object.entries(IMAGES)) {
    const file = join(dir, `${name}.img`);
    sh(`truncate -s ${img.size} ${file}`);
    img.build(file);
  }
  // a 4Kn disk: a loop device with 4096-byte sectors, partitioned through it
  const l = sh(`losetup -f --show --sector-size 4096 ${join(dir, "gpt-4k.img")}`).trim();
  loops.push(l);
  sh(`sgdisk -o -n 1:0:+8M -n 2:0:+8M ${l} >/dev/null; blockdev --rereadpt ${l} 2>/dev/null; true`);
}, 120_000);
afterAll(() => {
  for (const l of loops) Bun.spawnSync(["losetup", "-d", l]);
  rmSync(dir, { recursive: true, force: true });
});

describe("kpartx -l equals the reference", () => {
  for (const name of Object.keys(IMAGES)) {
    if (name === "gpt-4k") continue;
    test(`${name} (image file)`, () => {
      const { ref, ours } = both(["-l", join(dir, `${name}.img`)]);
      expect(ours).toEqual(ref);
    });
    test(`${name} (attached loop device, -p -part)`, () => {
      const l = sh(`losetup -f --show ${join(dir, `${name}.img`)}`).trim();
      try {
        for (const args of [["-l"], ["-l", "-p", "-part"], ["-lv", "-g"]]) {
          const { ref, ours } = both([...args, l]);
          expect(ours).toEqual(ref);
        }
      } finally {
        sh(`losetup -d ${l}`);
      }
    });
  }
  test("4096-byte sectors", () => {
    const { ref, ours } = both(["-l", loops[0]!]);
    expect(ours).toEqual(ref);
    expect(ours.out).toContain(" : 0 16384 ");
  });
  test("the images hold what they should", () => {
    expect(run([BIN, "kpartx", "-l", join(dir, "dos-logicals.img")]).out).toContain("/dev/dm-2 ");
    expect(run([BIN, "kpartx", "-l", join(dir, "gpt-128.img")]).out.trim().split("\n")).toHaveLength(40);
    expect(run([BIN, "kpartx", "-l", join(dir, "empty.img")]).out).toBe("");
    expect(run([BIN, "kpartx", "-l", join(dir, "gpt-128-used.img")]).out.trim().split("\n")).toHaveLength(128);
    expect(run([BIN, "kpartx", "-l", join(dir, "dos-many-logicals.img")]).out.trim().split("\n")).toHaveLength(44);
    expect(run([BIN, "kpartx", "-l", join(dir, "dos-truncated-chain.img")]).err).toContain("llseek error\n");
  });
  test("bad arguments and modes this host cannot do: the same words and status", () => {
    const img = join(dir, "dos-primaries.img");
    for (const args of [["-l", join(dir, "missing")], [], ["-l"], ["-l", img, img, img], ["-h"], ["-a", img], ["-d", img],
      ["-u", "-p", "-x", img], ["-l", "/dev/null"], ["-l", "-t", "nosuch", img], ["-l", "-t", "", img], ["-l", "-t", "dos", img]]) {
      const { ref, ours } = both(args);
      expect({ args, ...ours }).toEqual({ args, ...ref });
    }
  });
});
