// Runs the VM test files on a pool of workers (each file its own `bun test`
// process, each VM one QEMU), longest first, and prints every file's output
// whole when it ends. Exit status 1 when any file fails. The pool size is
// MPB_VM_JOBS (default 2: QEMU's TCG keeps about one core busy per guest).
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";

const REPO = resolve(import.meta.dir, "..");
const dir = join(REPO, "tests/vm");
const files = process.argv.slice(2).length ? process.argv.slice(2) : readdirSync(dir).filter((f) => f.endsWith(".vm.test.ts")).map((f) => join("tests/vm", f));
// seconds measured on a quiet 2-core machine (approximate); unknown files last-but-sorted
const WEIGHT: Record<string, number> = {
  "multipath-checkers": 420, "multipath-alua-states": 300, "multipath-valid": 150, "multipath-nvme": 110, "multipath-configs": 120,
  "multipath-create": 100, "multipath-list": 90, "multipath-flush": 80, "udev-rules": 70, "kpartx": 65, "kpartx-maps": 40,
  "mpathconf": 40, "checkers-async": 40,
};
const weight = (f: string) => WEIGHT[f.replace(/^.*\//, "").replace(/\.vm\.test\.ts$/, "")] ?? 60;
const queue = [...files].sort((a, b) => weight(b) - weight(a));
const jobs = Math.max(1, Number(process.env.MPB_VM_JOBS ?? 2));
let failed = false;

async function worker(): Promise<void> {
  for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
    const t0 = performance.now();
    const p = Bun.spawn(["bun", "test", "--timeout", "900000", f], { cwd: REPO, stdout: "pipe", stderr: "pipe" });
    const [out, err, rc] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    if (rc !== 0) failed = true;
    process.stdout.write(`${out}${err}== ${f}: exit ${rc}, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  }
}

const t0 = performance.now();
await Promise.all(Array.from({ length: jobs }, worker));
console.log(`== VM tests: ${files.length} files on ${jobs} workers in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
