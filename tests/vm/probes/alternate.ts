// VM probe: time two commands taking turns, N runs each, so that both see
// the same (noisy, emulated) machine. Prints JSON {a, b}, each {median,
// min, mean, rc} in ms, plus `settled`: from the start until udev is idle
// again (the udev work a command leaves behind counts there).
// Usage: bun alternate.ts N [--prep "shell command"] -- cmdA ... -- cmdB ...
const args = process.argv.slice(2);
const n = Number(args.shift());
let prep: string | undefined;
if (args[0] === "--prep") {
  args.shift();
  prep = args.shift();
}
const split = args.indexOf("--", 1);
const cmdA = args.slice(1, split), cmdB = args.slice(split + 1);
if (args[0] !== "--" || split < 0 || !cmdA.length || !cmdB.length) throw new Error("usage: alternate.ts N [--prep CMD] -- A... -- B...");

type Stats = { median: number; min: number; mean: number; rc: number; settled: number };
const stats = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return { median: s[Math.floor(s.length / 2)]!, min: s[0]!, mean: s.reduce((a, b) => a + b, 0) / s.length };
};
const runs = { a: [] as number[], b: [] as number[] };
const settle = { a: [] as number[], b: [] as number[] };
const rc = { a: 0, b: 0 };
for (let i = 0; i < n; i++) {
  // alternate which goes first, so neither always follows the other
  const order: ("a" | "b")[] = i % 2 === 0 ? ["a", "b"] : ["b", "a"];
  for (const k of order) {
    if (prep) Bun.spawnSync(["sh", "-c", prep], { stdout: "ignore", stderr: "ignore" });
    const t0 = performance.now();
    const p = Bun.spawnSync(k === "a" ? cmdA : cmdB, { stdout: "ignore", stderr: "ignore" });
    runs[k].push(performance.now() - t0);
    Bun.spawnSync(["udevadm", "settle", "--timeout=900"], { stdout: "ignore", stderr: "ignore" });
    settle[k].push(performance.now() - t0);
    rc[k] ||= p.exitCode ?? 1;
  }
}
const out = (k: "a" | "b"): Stats => ({ ...stats(runs[k]), rc: rc[k], settled: stats(settle[k]).median });
console.log(JSON.stringify({ a: out("a"), b: out("b") }));
