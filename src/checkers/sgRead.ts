// libsg's sg_read: READ(10) of the first block(s) through SG_IO, used by the
// readsector0 checker and by emc_clariion on active paths. The block size
// is the device node's st_blksize (capped at 4096); unit attentions are
// retried (three tries); ENOMEM from the ioctl counts as up.
import { type Io, sg, statBlockSize } from "./io.ts";
import type { SgResult } from "../io/sg.ts";
import { ENOMEM, SENSE_UNIT_ATTENTION, senseStrict, sgCleanRaw } from "../scsi/sgStatus.ts";

const TRIES = 3;

export function read10(lba: number, blocks: number, transferBytes: number, timeoutMs: number) {
  const cdb = new Uint8Array(10);
  cdb[0] = 0x28;
  new DataView(cdb.buffer).setUint32(2, lba);
  cdb[7] = (blocks >> 8) & 0xff;
  cdb[8] = blocks & 0xff;
  return { cdb, direction: "from-device" as const, dataLength: transferBytes, timeoutMs };
}

export type SgReadOutcome = { state: "up" | "down"; sense: Uint8Array };

/** A READ answer; "retry" for a unit attention while tries remain. */
export function decodeSgRead(r: SgResult, canRetry: boolean): "up" | "down" | "retry" {
  if (sgCleanRaw(r)) return "up";
  return senseStrict(r.sense).key === SENSE_UNIT_ATTENTION && canRetry ? "retry" : "down";
}

export function* sgRead(bufferLength: number, timeoutS: number): Io<SgReadOutcome> {
  const st = yield* statBlockSize();
  if (st.errno) return { state: "down", sense: new Uint8Array(0) };
  const bs = st.size > 4096 ? 4096 : st.size;
  const blocks = Math.trunc(bufferLength / bs);
  const cmd = read10(0, blocks, bs * blocks, timeoutS * 1000);
  for (let attempt = 1; ; attempt++) {
    const reply = yield* sg(cmd);
    if (!reply.result) return { state: reply.errno === ENOMEM ? "up" : "down", sense: new Uint8Array(0) };
    const v = decodeSgRead(reply.result, attempt < TRIES);
    if (v !== "retry") return { state: v, sense: reply.result.sense };
  }
}
