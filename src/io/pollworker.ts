// The daemon's poll worker: blocks in poll(2) on the watched fds plus an
// eventfd, and reports readiness only (the main thread does the I/O, so
// libudev and libdevmapper stay on one thread). A ready fd is disarmed
// until the main thread re-arms it, since POLLIN is level-triggered.
// Shared table (Int32Array over a SharedArrayBuffer):
//   [0] shutdown flag, [1] entry count, then per entry: fd, events, armed.
import { ptr } from "bun:ffi";
import { POLLIN, eventfdDrain, libc, monotonicNs } from "../../ffi/libc.ts";

declare const self: Worker;

type Init = { sab: SharedArrayBuffer; eventfd: number };

self.onmessage = (ev: MessageEvent<Init>) => {
  const table = new Int32Array(ev.data.sab);
  const efd = ev.data.eventfd;
  const max = (table.length - 2) / 3;
  const pfds = new Int32Array(2 * (max + 1)); // struct pollfd { int fd; short events; short revents; }
  const view = new DataView(pfds.buffer);
  for (;;) {
    let n = 0;
    view.setInt32(0, efd, true);
    view.setInt16(4, POLLIN, true);
    view.setInt16(6, 0, true);
    const slots: number[] = [];
    const count = Atomics.load(table, 1);
    for (let i = 0; i < count; i++) {
      const base = 2 + 3 * i;
      if (Atomics.load(table, base + 2) !== 1) continue;
      n++;
      view.setInt32(8 * n, Atomics.load(table, base), true);
      view.setInt16(8 * n + 4, Atomics.load(table, base + 1), true);
      view.setInt16(8 * n + 6, 0, true);
      slots.push(base);
    }
    const rc = libc.poll(ptr(pfds), BigInt(n + 1), -1);
    if (Atomics.load(table, 0) === 1) break;
    if (rc <= 0) continue; // EINTR
    if (view.getInt16(6, true) !== 0) eventfdDrain(efd);
    const t = Number(monotonicNs());
    for (let k = 1; k <= n; k++) {
      const revents = view.getInt16(8 * k + 6, true);
      if (!revents) continue;
      const fd = view.getInt32(8 * k, true);
      // the main thread may have moved entries meanwhile: find the fd again
      let base = slots[k - 1]!;
      if (Atomics.load(table, base) !== fd) {
        base = -1;
        for (let i = 0; i < Atomics.load(table, 1); i++) if (Atomics.load(table, 2 + 3 * i) === fd) base = 2 + 3 * i;
        if (base < 0) continue; // unwatched
      }
      Atomics.store(table, base + 2, 0);
      postMessage({ fd, revents, t });
    }
  }
  postMessage({ exit: true });
};
