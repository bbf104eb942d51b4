// Parse + merge a multipath.conf with 500 multipaths entries (plus the full
// built-in hardware table), next to the reference's `multipath -t` on the
// same file. Run as root: bun bench/config.ts
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dumpConfig, loadConfig } from "../src/config/index.ts";

const dir = mkdtempSync(join(tmpdir(), "mpb-bench-"));
const confDir = join(dir, "conf.d");
mkdirSync(confDir);
const file = join(dir, "multipath.conf");

function makeConfig(n: number): string {
  const parts = ["defaults {\n\tuser_friendly_names yes\n\tfind_multipaths yes\n}\n", "multipaths {\n"];
  for (let i = 0; i < n; i++) {
    const wwid = `3600a0980383030${i.toString(16).padStart(9, "0")}`;
    parts.push(`\tmultipath {\n\t\twwid "${wwid}"\n\t\talias "db${i}"\n\t\tno_path_retry ${(i % 30) + 1}\n\t\tpath_grouping_policy group_by_prio\n\t}\n`);
  }
  parts.push("}\n");
  return parts.join("");
}
writeFileSync(file, makeConfig(500));

function timeInProcess(label: string, fn: () => void, iterations: number): void {
  for (let i = 0; i < 5; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  console.log(`${label.padEnd(48)} median ${median.toFixed(2)} ms  min ${samples[0]!.toFixed(2)} ms  (${iterations} runs)`);
}

console.log(`config: ${file} (500 multipaths entries, 137 built-in device entries)\n`);
console.log("in process (mpathbox library):");
timeInProcess("loadConfig (read, parse, merge)", () => void loadConfig({ file, configDir: confDir }), 200);
timeInProcess("loadConfig + dumpConfig (= multipath -t work)", () => void dumpConfig(loadConfig({ file, configDir: confDir }).config), 200);

// whole commands, same file bind-mounted over /etc/multipath.conf
if (!existsSync("/etc/multipath.conf")) writeFileSync("/etc/multipath.conf", "");
if (!existsSync("/etc/multipath/conf.d")) mkdirSync("/etc/multipath/conf.d", { recursive: true });
const ns = (cmd: string) =>
  `unshare -m sh -c 'mount --bind ${file} /etc/multipath.conf && mount --bind ${confDir} /etc/multipath/conf.d && ${cmd} >/dev/null 2>&1'`;
const ours = join(import.meta.dir, "../dist/mpathbox");
const commands: [string, string][] = [["reference multipath -t (0.9.4)", ns("multipath -t")]];
if (existsSync(ours)) commands.push(["mpathbox multipath -t", ns(`${ours} multipath -t`)]);
else console.log("\n(dist/mpathbox not built: run `bun build.ts` to time the compiled tool)");
commands.push(["baseline: unshare + mount only", ns("true")]);

console.log("\nwhole command, including process start:");
const hyperfine = Bun.which("hyperfine");
if (hyperfine) {
  const args = [hyperfine, "-N", "--warmup", "3", "--runs", "30", "--style", "basic"];
  for (const [name, cmd] of commands) args.push("-n", name, `sh -c ${JSON.stringify(cmd)}`);
  const r = Bun.spawnSync(args, { stdout: "inherit", stderr: "inherit" });
  process.exitCode = r.exitCode ?? 1;
} else {
  for (const [name, cmd] of commands) {
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      Bun.spawnSync(["sh", "-c", cmd]);
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    console.log(`${name.padEnd(48)} median ${samples[10]!.toFixed(2)} ms`);
  }
}
