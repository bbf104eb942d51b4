// Waiting on file descriptors inside Bun's event loop, which has no "watch
// this fd" API: a worker blocks in poll(2) and posts readiness; callbacks run
// on the main thread, after which the fd is re-armed. See docs/event-loop.md.
import { EFD_CLOEXEC, EFD_NONBLOCK, SysError, closeFd, errno, eventfdSignal, libc } from "../../ffi/libc.ts";

export type Readiness = (revents: number, readyAtNs: number) => void;

const MAX_FDS = 256;

/** The worker is the build's second entrypoint (build.ts sets the bundle
 * root to the repository, so it lives at a fixed path in the binary). */
function workerUrl(): string {
  if (import.meta.url.startsWith("file:///$bunfs/")) return "/$bunfs/root/src/io/pollworker.js";
  return new URL("./pollworker.ts", import.meta.url).href;
}

export class FdWatcher {
  private readonly table: Int32Array;
  private readonly callbacks = new Map<number, Readiness>();
  private closed = false;

  private constructor(
    private readonly worker: Worker,
    private readonly eventfd: number,
    sab: SharedArrayBuffer,
  ) {
    this.table = new Int32Array(sab);
  }

  static async start(): Promise<FdWatcher> {
    const efd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (efd < 0) throw new SysError("eventfd", errno());
    const sab = new SharedArrayBuffer(4 * (2 + 3 * MAX_FDS));
    const worker = new Worker(workerUrl());
    const w = new FdWatcher(worker, efd, sab);
    await new Promise<void>((resolve, reject) => {
      worker.addEventListener("error", (e) => reject(new Error(`poll worker failed: ${e.message}`)), { once: true });
      worker.addEventListener("open", () => resolve(), { once: true });
      worker.postMessage({ sab, eventfd: efd });
      // "open" is not emitted by every Bun version: a short tick suffices
      setTimeout(resolve, 0);
    });
    worker.addEventListener("message", (ev: MessageEvent<{ fd?: number; revents?: number; t?: number }>) => w.onReady(ev.data));
    worker.addEventListener("error", (e) => {
      throw new Error(`poll worker failed: ${e.message}`);
    });
    worker.unref();
    return w;
  }

  private slotOf(fd: number): number {
    const count = Atomics.load(this.table, 1);
    for (let i = 0; i < count; i++) if (Atomics.load(this.table, 2 + 3 * i) === fd) return 2 + 3 * i;
    return -1;
  }

  private onReady(m: { fd?: number; revents?: number; t?: number }): void {
    if (m.fd === undefined || this.closed) return;
    const cb = this.callbacks.get(m.fd);
    if (!cb) return;
    try {
      cb(m.revents ?? 0, m.t ?? 0);
    } finally {
      const slot = this.slotOf(m.fd);
      if (slot >= 0 && this.callbacks.has(m.fd)) {
        Atomics.store(this.table, slot + 2, 1);
        eventfdSignal(this.eventfd);
      }
    }
  }

  /** Call `cb` on the main thread whenever `fd` is ready for `events`. */
  watch(fd: number, events: number, cb: Readiness): void {
    if (this.closed) throw new Error("watcher closed");
    let slot = this.slotOf(fd);
    if (slot < 0) {
      const count = Atomics.load(this.table, 1);
      if (count >= MAX_FDS) throw new Error("too many watched fds");
      slot = 2 + 3 * count;
      Atomics.store(this.table, slot, fd);
      Atomics.store(this.table, 1, count + 1);
    }
    Atomics.store(this.table, slot + 1, events);
    Atomics.store(this.table, slot + 2, 1);
    this.callbacks.set(fd, cb);
    eventfdSignal(this.eventfd);
  }

  unwatch(fd: number): void {
    const slot = this.slotOf(fd);
    this.callbacks.delete(fd);
    if (slot < 0) return;
    // move the last entry into the freed slot
    const count = Atomics.load(this.table, 1);
    const last = 2 + 3 * (count - 1);
    for (let k = 0; k < 3; k++) Atomics.store(this.table, slot + k, Atomics.load(this.table, last + k));
    Atomics.store(this.table, 1, count - 1);
    eventfdSignal(this.eventfd);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.table, 0, 1);
    eventfdSignal(this.eventfd);
    await new Promise<void>((resolve) => {
      const done = setTimeout(resolve, 500);
      this.worker.addEventListener("message", (ev: MessageEvent<{ exit?: boolean }>) => {
        if (ev.data.exit) {
          clearTimeout(done);
          resolve();
        }
      });
    });
    this.worker.terminate();
    closeFd(this.eventfd);
  }
}
