// VM probe: run a command N times and print {median, min, mean} in ms.
// Usage: bun timeit.ts N cmd args...
const [n, ...cmd] = process.argv.slice(2);
const times: number[] = [];
let rc = 0;
for (let i = 0; i < Number(n); i++) {
  const t0 = performance.now();
  const p = Bun.spawnSync(cmd, { stdout: "ignore", stderr: "ignore" });
  times.push(performance.now() - t0);
  rc ||= p.exitCode ?? 1;
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
console.log(JSON.stringify({ median, min: times[0], mean: times.reduce((a, b) => a + b, 0) / times.length, rc }));
