// Read-modify-write of a small state file (bindings, wwids, prkeys): an
// exclusive flock on the file's directory serialises writers across
// processes, and the new content replaces the old by rename after fsync, so
// a crash leaves either the old file or the new one, never a torn one.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { LOCK_EX, LOCK_UN, O_RDONLY, closeFd, flock, fsync, openFd } from "../../ffi/libc.ts";

export function readText(path: string): string | null {
  try {
    return readFileSync(path, "latin1");
  } catch {
    return null;
  }
}

/** Run `update` on the current text (null when absent) under the lock; a
 * string result is written atomically, null leaves the file alone. */
export function updateLocked<T>(path: string, update: (current: string | null) => { text: string | null; result: T }): T {
  const dir = dirname(path);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o755 });
  const dfd = openFd(dir, O_RDONLY);
  try {
    flock(dfd, LOCK_EX, dir);
    const { text, result } = update(readText(path));
    if (text !== null) writeAtomically(path, text);
    flock(dfd, LOCK_UN, dir);
    return result;
  } finally {
    closeFd(dfd);
  }
}

export function writeAtomically(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, "w", 0o644);
  try {
    const buf = Buffer.from(text, "latin1");
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off);
    fsync(fd, tmp);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
}
