// mpathconf works on bytes, like the shell script: file text and arguments
// are held as latin1 strings (one char per byte) and written back unchanged.
import { writeSync } from "node:fs";

/** An argument (decoded from UTF-8 by the runtime) back as its bytes. */
export const argBytes = (s: string): string => Buffer.from(s, "utf8").toString("latin1");
/** A byte string as the text an API that encodes UTF-8 needs. */
export const bytesText = (s: string): string => Buffer.from(s, "latin1").toString("utf8");
/** A byte string as a path for node:fs. */
export const bytesPath = (s: string): Buffer => Buffer.from(s, "latin1");

function writeAll(fd: number, s: string): void {
  const buf = Buffer.from(s, "latin1");
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") continue;
      if (code === "EPIPE") return;
      throw e;
    }
  }
}

export const say = (s: string): void => writeAll(1, s);
export const complain = (s: string): void => writeAll(2, s);
