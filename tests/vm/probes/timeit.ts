// VM probe: run a command N times and print {median, min, mean} in ms.
// Usage: bun timeit.ts N [--prep "shell command"] cmd args...
// With --prep, the shell command runs (untimed) before each timed run.
const args = process.argv.slice(2);
const n = Number(args.shift());
let prep: string | undefined;
if (args[0] === "--prep") {
  args.shift();
  prep = args.shift();
}
const times: number[] = [];
let rc = 0;
for (let i = 0; i < n; i++) {
  if (prep) Bun.spawnSync(["sh", "-c", prep], { stdout: "ignore", stderr: "ignore" });
  const t0 = performance.now();
  const p = Bun.spawnSync(args, { stdout: "ignore", stderr: "ignore" });
  times.push(performance.now() - t0);
  rc ||= p.exitCode ?? 1;
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
console.log(JSON.stringify({ median, min: times[0], mean: times.reduce((a, b) => a + b, 0) / times.length, rc }));
