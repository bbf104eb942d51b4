// The directio checker: read the first block with O_DIRECT (the block size
// from BLKBSZGET, at most 4096), given up after checker_timeout. A read that
// timed out stays in flight: the path's next check waits for that same read
// instead of queueing another, as upstream's per-path request does.
import { type Io, type ReadReply, blockSize, directRead, directReadWait } from "./io.ts";
import { condlog } from "../log.ts";
import { type CheckResult, DOWN, UP, result } from "./state.ts";

export const DIRECTIO_MSG = {
  unknown: " is not available",
  pending: " is waiting on aio",
  blockSize: " cannot get blocksize, set default",
} as const;

/** The read size upstream's directio uses for a BLKBSZGET answer (0 when the check cannot start). */
export function directioReadSize(bs: { size: number; errno: number }): number {
  if (bs.errno) return 4096;
  return bs.size > 4096 ? 4096 : bs.size; // DASD reports a broken block size
}

/** res as libaio's io_event prints it with %lu */
const asUnsigned = (res: number) => (res < 0 ? (2n ** 64n + BigInt(res)).toString() : String(res));

function verdict(rd: ReadReply, size: number): CheckResult {
  if (rd.timedOut) {
    condlog(3, "directio: abort check on timeout");
    return DOWN;
  }
  condlog(4, `directio: io finished ${asUnsigned(rd.res)}/0`);
  return rd.res === size ? UP : DOWN;
}

export class DirectioChecker {
  readonly name = "directio";
  private size: number | undefined;
  /** the read still in flight from an earlier check */
  private ticket: number | undefined;

  *check(timeoutS: number): Io<CheckResult> {
    this.size ??= directioReadSize(yield* blockSize());
    const size = this.size;
    if (size === 0) return result("unchecked", DIRECTIO_MSG.unknown);
    let rd: ReadReply;
    if (this.ticket !== undefined) rd = yield* directReadWait(this.ticket, timeoutS * 1000);
    else {
      condlog(4, "directio: starting new request");
      rd = yield* directRead(size, 0, timeoutS * 1000, true);
      if (rd.notSubmitted) {
        condlog(3, `directio: io_submit error ${-rd.res}`);
        return result("unchecked", DIRECTIO_MSG.unknown);
      }
    }
    this.ticket = rd.timedOut ? rd.ticket : undefined;
    return verdict(rd, size);
  }
}

/** One check by a fresh checker. */
export function directioCheck(timeoutS: number): Io<CheckResult> {
  return new DirectioChecker().check(timeoutS);
}
