// `kpartx -l` on a GPT with 128 entries (an attached loop device, so no
// loop setup is timed), mpathbox beside Debian's kpartx in the same run;
// also on an image file (loop attach and detach included). hyperfine does
// the timing; the figures are printed, never asserted.
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Result, hyperfine, ms } from "./hyperfine.ts";

const BIN = resolve(import.meta.dir, "../dist/mpathbox");
if (!existsSync(BIN)) throw new Error("build first: bun build.ts");
const REF = "/usr/sbin/kpartx";
const dir = mkdtempSync(join(tmpdir(), "mpb-bench-kpartx-"));
const ours = join(dir, "kpartx");
symlinkSync(BIN, ours);
const sh = (c: string) => {
  const p = Bun.spawnSync(["sh", "-c", c]);
  if (p.exitCode !== 0) throw new Error(`${c}: ${p.stderr}`);
  return p.stdout.toString().trim();
};

const img = join(dir, "gpt128.img");
sh(`truncate -s 300M ${img} && sgdisk -o ${Array.from({ length: 128 }, (_, n) => `-n ${n + 1}:0:+2M`).join(" ")} ${img} >/dev/null`);
const loop = sh(`losetup -f --show ${img}`);
try {
  if (sh(`${ours} -l ${loop} 2>/dev/null | wc -l`) !== "128") throw new Error("the image should list 128 partitions");
  console.log("kpartx -l, 128-entry GPT, host, hyperfine -N, 60 runs (ms, mean ± sd / median)");
  for (const [label, target] of [["attached loop device", loop], ["image file (loop set up and removed)", img]] as const) {
    const [mine, ref] = hyperfine([`${ours} -l ${target}`, `${REF} -l ${target}`], { dir, runs: 60 }) as [Result, Result];
    console.log(`${label}\n  mpathbox:  ${ms(mine)}\n  reference: ${ms(ref)}\n  ratio:     ${(mine.mean / ref.mean).toFixed(2)}x`);
  }
} finally {
  sh(`losetup -d ${loop}`);
  rmSync(dir, { recursive: true, force: true });
}
