// multipathd's socket framing (libmpathcmd), both directions: a native
// size_t length (8 bytes, little-endian on x86_64) then that many bytes,
// the last of which is the string's terminating NUL.

export const MAX_CMD_LEN = 512;
export const MAX_REPLY_LEN = 32 * 1024 * 1024;

export function encodeMessage(text: string): Uint8Array {
  const body = Buffer.from(text + "\0");
  const out = new Uint8Array(8 + body.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(body.length), true);
  out.set(body, 8);
  return out;
}

export class FrameError extends Error {
  override name = "FrameError";
}

/** Accumulates bytes from a stream and yields complete messages. */
export class FrameDecoder {
  private buf = new Uint8Array(0);
  constructor(private readonly maxLen: number) {}

  push(chunk: Uint8Array): string[] {
    const merged = new Uint8Array(this.buf.length + chunk.length);
    merged.set(this.buf);
    merged.set(chunk, this.buf.length);
    this.buf = merged;
    const out: string[] = [];
    for (;;) {
      if (this.buf.length < 8) break;
      const len = new DataView(this.buf.buffer, this.buf.byteOffset, 8).getBigUint64(0, true);
      if (len < 1n || len > BigInt(this.maxLen)) throw new FrameError(`invalid message length ${len}`);
      const n = Number(len);
      if (this.buf.length < 8 + n) break;
      const body = this.buf.subarray(8, 8 + n);
      // The sender's NUL ends the string; anything after it is ignored.
      const nul = body.indexOf(0);
      out.push(Buffer.from(body.subarray(0, nul < 0 ? n - 1 : nul)).toString("utf8"));
      this.buf = this.buf.slice(8 + n);
    }
    return out;
  }

  get pending(): number {
    return this.buf.length;
  }
}
