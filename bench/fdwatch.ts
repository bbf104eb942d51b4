// Latency and idle cost of the daemon's fd-waiting pattern (src/io/fdwatch.ts):
// a writer thread sends CLOCK_MONOTONIC timestamps over an AF_UNIX datagram
// pair every ~10 ms; the main thread, woken through the poll worker, reads
// them and records the delay. Then the process idles 10 s and its CPU use
// (utime+stime from /proc/self/stat) is reported. Figures only; no asserts.
import { ptr } from "bun:ffi";
import { readFileSync } from "node:fs";
import { POLLIN, closeFd, datagramPair, libc, monotonicNs } from "../ffi/libc.ts";
import { FdWatcher } from "../src/io/fdwatch.ts";

const EVENTS = 300;
const GAP_MS = 10;
const IDLE_S = 10;

const writerSource = `
import { dlopen, ptr } from "bun:ffi";
const c = dlopen("libc.so.6", {
  write: { args: ["i32", "ptr", "u64"], returns: "i64" },
  clock_gettime: { args: ["i32", "ptr"], returns: "i32" },
}).symbols;
self.onmessage = async (e) => {
  const { fd, n, gap } = e.data;
  const ts = new BigInt64Array(2);
  for (let i = 0; i < n; i++) {
    c.clock_gettime(1, ptr(ts));
    const msg = new BigInt64Array([ts[0] * 1000000000n + ts[1]]);
    c.write(fd, ptr(msg), 8n);
    await Bun.sleep(gap);
  }
  postMessage("done");
};`;

function cpuTicks(): number {
  const f = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  return Number(f[11]) + Number(f[12]); // utime + stime, fields 14 and 15
}

const [rd, wr] = datagramPair();
const w = await FdWatcher.start();
const lat: number[] = [];
const buf = new BigInt64Array(1);
w.watch(rd, POLLIN, () => {
  for (;;) {
    const n = Number(libc.read(rd, ptr(buf), 8n));
    if (n !== 8) break;
    lat.push(Number(monotonicNs() - buf[0]!) / 1000);
  }
});
const writer = new Worker(URL.createObjectURL(new Blob([writerSource], { type: "application/javascript" })));
await new Promise<void>((resolve) => {
  writer.onmessage = () => resolve();
  writer.postMessage({ fd: wr, n: EVENTS, gap: GAP_MS });
});
await Bun.sleep(50);
writer.terminate();
lat.sort((a, b) => a - b);
const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))]!.toFixed(0);
console.log(`events: ${lat.length}/${EVENTS}; latency us p50 ${pct(50)} p90 ${pct(90)} p99 ${pct(99)} max ${lat.at(-1)!.toFixed(0)}`);

const hz = 100; // USER_HZ on Linux
const t0 = cpuTicks();
await Bun.sleep(IDLE_S * 1000);
const used = (cpuTicks() - t0) / hz;
console.log(`idle ${IDLE_S} s with the watcher armed: CPU ${(100 * used / IDLE_S).toFixed(3)} % of one core`);
await w.close();
closeFd(rd);
closeFd(wr);
