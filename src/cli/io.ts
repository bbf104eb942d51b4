import { writeSync } from "node:fs";

// Synchronous writes: the tools exit right after printing, and udev reads
// helper output from a pipe, so nothing may sit in a stream buffer.
function writeAll(fd: number, s: string): void {
  const buf = Buffer.from(s);
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EAGAIN") continue;
      if ((e as NodeJS.ErrnoException).code === "EPIPE") return;
      throw e;
    }
  }
}

export const stdout = (s: string): void => writeAll(1, s);
export const stderr = (s: string): void => writeAll(2, s);

/** The one message a tool prints for a feature that is not built yet. */
export function notImplemented(tool: string, what: string): number {
  stderr(`${tool}: ${what}: not implemented yet\n`);
  return 1;
}

/** argv[0] as a C tool would print it: the name it was invoked by (through a
 * symlink, as typed), or the tool's name under `mpathbox <tool>`. */
export function programName(tool: string): string {
  const argv0 = process.argv0;
  return argv0.slice(argv0.lastIndexOf("/") + 1) === tool ? argv0 : tool;
}
