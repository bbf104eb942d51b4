// Read-modify-write of a small state file (bindings, wwids, prkeys): an
// exclusive flock on the file's directory serialises writers across
// processes, and the new content replaces the old by rename after fsync, so
// a crash leaves either the old file or the new one, never a torn one.
// A run that updates the files many times (map creation) holds the lock
// once for all of them; while it is held nobody else writes, so the text
// last read or written is kept instead of read again.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

// libc is bound on the first write: `multipath -u` only ever reads these
// files, and binding costs start-up time udev pays per event
type Libc = typeof import("../../ffi/libc.ts");
let libcMod: Libc | undefined;
const libc = (): Libc => (libcMod ??= require("../../ffi/libc.ts") as Libc);

/** A state file that exists but cannot be read, or cannot be written. */
export class StateFileError extends Error {
  constructor(readonly path: string, readonly op: "read" | "write" | "lock", reason: unknown) {
    // node's "EROFS: read-only file system, open '...'": the code and its words
    const why = reason instanceof Error
      ? (reason as NodeJS.ErrnoException).code ? reason.message.split(",")[0]! : reason.message
      : String(reason);
    super(`cannot ${op} ${path}: ${why}`, { cause: reason });
    this.name = "StateFileError";
  }
}

type Held = { fd: number; depth: number; known: Map<string, string | null> };
const held = new Map<string, Held>();

function readFromDisk(path: string): string | null {
  try {
    return readFileSync(path, "latin1");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new StateFileError(path, "read", e);
  }
}

/** The file's text, null when it does not exist; StateFileError when it
 * exists but cannot be read (never mistaken for an empty file). */
export function readText(path: string): string | null {
  const h = held.get(dirname(path));
  if (!h) return readFromDisk(path);
  if (!h.known.has(path)) h.known.set(path, readFromDisk(path));
  return h.known.get(path)!;
}

function lockDir(dir: string): number {
  let dfd = -1;
  try {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o755 });
    const c = libc();
    dfd = c.openFd(dir, c.O_RDONLY);
    c.flock(dfd, c.LOCK_EX, dir);
    return dfd;
  } catch (e) {
    if (dfd >= 0) libc().closeFd(dfd);
    throw new StateFileError(dir, "lock", e);
  }
}

/** Take the lock of `dir` until the returned function is called; updates
 * meanwhile do not lock again. Nested holds are counted. */
export function holdStateLock(dir: string): () => void {
  const h = held.get(dir);
  if (h) h.depth++;
  else held.set(dir, { fd: lockDir(dir), depth: 1, known: new Map() });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const cur = held.get(dir)!;
    if (--cur.depth > 0) return;
    held.delete(dir);
    libc().flock(cur.fd, libc().LOCK_UN, dir);
    libc().closeFd(cur.fd);
  };
}

/** Run `update` on the current text (null when absent) under the lock; a
 * string result is written atomically, null leaves the file alone. */
export function updateLocked<T>(path: string, update: (current: string | null) => { text: string | null; result: T }): T {
  const release = holdStateLock(dirname(path));
  try {
    const { text, result } = update(readText(path));
    if (text !== null) {
      try {
        writeAtomically(path, text);
      } catch (e) {
        throw new StateFileError(path, "write", e);
      }
      held.get(dirname(path))?.known.set(path, text);
    }
    return result;
  } finally {
    release();
  }
}

export function writeAtomically(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, "w", 0o644);
  try {
    const buf = Buffer.from(text, "latin1");
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off);
    libc().fsync(fd, tmp);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
}
