// Replacing a file's content so that a crash or a full disk leaves either
// the old file or the new one, never a torn one: a temporary file in the same
// directory, fsync, rename over the target, fsync of the directory. The
// target keeps its mode and owner, a symlink keeps pointing where it did,
// and a target that is no regular file (/dev/stdout, a FIFO) is written in
// place, as cp would. Errors come back as values with strerror's text.
import {
  closeSync, fchmodSync, fchownSync, fstatSync, fsyncSync, lstatSync, openSync, readlinkSync, renameSync, statSync, unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { strerror } from "../../ffi/libc.ts";

export type WriteFailure = { path: Buffer; reason: string; dangling?: true };

const reasonOf = (e: unknown) => {
  const n = (e as NodeJS.ErrnoException).errno;
  return typeof n === "number" ? strerror(Math.abs(n)) : String((e as Error).message);
};

/** Where writing `path` would land: symlinks followed, to the end of a dangling chain too. */
export function realTarget(path: Buffer): Buffer {
  let p = path;
  for (let hops = 0; hops < 40; hops++) {
    let link: Buffer;
    try {
      if (!lstatSync(p).isSymbolicLink()) return p;
      link = readlinkSync(p, { encoding: "buffer" });
    } catch {
      return p;
    }
    const dir = dirname(p.toString("latin1"));
    p = Buffer.from(resolve(dir, link.toString("latin1")), "latin1");
  }
  return p;
}

function writeAllFd(fd: number, data: Buffer): void {
  for (let off = 0; off < data.length; ) off += writeSync(fd, data, off);
}

/**
 * Make `path` hold `data`. A new file gets `newMode`; an existing one keeps
 * its mode and owner. Like cp, it does not create a file at the end of a
 * dangling symlink.
 */
export function replaceFile(path: Buffer, data: Buffer, newMode: number): WriteFailure | null {
  const target = realTarget(path);
  let old: ReturnType<typeof statSync> | undefined;
  try {
    old = statSync(target);
  } catch {
    old = undefined;
  }
  if (!old && !target.equals(path)) return { path, reason: "dangling symlink", dangling: true };
  if (old && !old.isFile()) {
    try {
      const fd = openSync(target, "w");
      try {
        writeAllFd(fd, data);
      } finally {
        closeSync(fd);
      }
      return null;
    } catch (e) {
      return { path, reason: reasonOf(e) };
    }
  }
  const dir = Buffer.from(dirname(target.toString("latin1")), "latin1");
  const tmp = Buffer.from(`${dir.toString("latin1")}/.${basename(target.toString("latin1"))}.${process.pid}.tmp`, "latin1");
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx", 0o600);
    writeAllFd(fd, data);
    if (old) {
      const now = fstatSync(fd);
      if (now.uid !== Number(old.uid) || now.gid !== Number(old.gid)) fchownSync(fd, Number(old.uid), Number(old.gid));
    }
    fchmodSync(fd, old ? Number(old.mode) & 0o7777 : newMode);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
    return { path, reason: reasonOf(e) };
  }
  try {
    const dfd = openSync(dir, "r");
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    // the rename is done; a directory that cannot be synced is no failure
  }
  return null;
}
