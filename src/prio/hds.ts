// The hds prioritizer (Hitachi AMS/DF modular arrays): from the standard
// INQUIRY data, the controller digit (byte 49) and the LDEV's last hex digit
// (byte 47): 1 when both are even or both odd, else 0; -1 for anything else.
import { type Io, ioctl, sg } from "../checkers/io.ts";
import { condlog } from "../log.ts";
import { PRIO_UNDEF, type PrioContext, type Prioritizer } from "./context.ts";

/** SG_GET_VERSION_NUM: refuse drivers older than sg v3 */
export const SG_GET_VERSION_NUM = 0x2282;
const INQ_REPLY_LEN = 255;

const field = (d: Uint8Array, off: number, len: number) => {
  const b = d.subarray(off, off + len);
  const nul = b.indexOf(0);
  return Buffer.from(nul < 0 ? b : b.subarray(0, nul)).toString("latin1");
};

export function hdsPrioFromInquiry(dev: string, d: Uint8Array): number {
  const log = (m: string) => condlog(4, `${dev}: hds prio: ${m}`);
  const ldev = field(d, 44, 4), ctrl = field(d, 49, 1);
  log(`VENDOR:  ${field(d, 8, 8)}`);
  log(`PRODUCT: ${field(d, 16, 16)}`);
  log(`SERIAL:  0x${field(d, 40, 4)}`);
  log(`LDEV:    0x${ldev}`);
  log(`CTRL:    ${ctrl}`);
  log(`PORT:    ${field(d, 50, 1)}`);
  const ctrlEven = "02468".includes(ctrl) && ctrl !== "", ctrlOdd = "13579".includes(ctrl) && ctrl !== "";
  const last = ldev[3] ?? "";
  const ldevEven = last !== "" && "02468ACE".includes(last), ldevOdd = last !== "" && "13579BDF".includes(last);
  if (ctrlEven && ldevEven) return log("CTRL EVEN, LDEV EVEN, PRIO 1"), 1;
  if (ctrlEven && ldevOdd) return log("CTRL EVEN, LDEV ODD, PRIO 0"), 0;
  if (ctrlOdd && ldevEven) return log("CTRL ODD, LDEV EVEN, PRIO 0"), 0;
  if (ctrlOdd && ldevOdd) return log("CTRL ODD, LDEV ODD, PRIO 1"), 1;
  return PRIO_UNDEF;
}

function* hdsPrio(ctx: PrioContext): Io<number> {
  const dev = ctx.path.dev;
  const ver = yield* ioctl(SG_GET_VERSION_NUM, new Uint8Array(4));
  if (ver.rc < 0 || new DataView(ver.arg.buffer, ver.arg.byteOffset, 4).getInt32(0, true) < 30000) {
    condlog(0, `${dev}: hds prio: can't use SG ioctl interface`);
    return PRIO_UNDEF;
  }
  const r = yield* sg({
    cdb: new Uint8Array([0x12, 0, 0, 0, INQ_REPLY_LEN, 0]), direction: "from-device", dataLength: INQ_REPLY_LEN, timeoutMs: ctx.timeoutMs,
  });
  if (!r.result) {
    condlog(0, `${dev}: hds prio: SG_IO error`);
    return PRIO_UNDEF;
  }
  if ((r.result.info & 1) !== 0) {
    condlog(0, `${dev}: hds prio: SCSI error`);
    return PRIO_UNDEF;
  }
  const d = new Uint8Array(INQ_REPLY_LEN);
  d.set(r.result.data.subarray(0, INQ_REPLY_LEN));
  return hdsPrioFromInquiry(dev, d);
}

export const hds: Prioritizer = { name: "hds", getPrio: hdsPrio };
