// The datacore prioritizer (DataCore SANsymphony): 1 when the storage
// server name in the standard INQUIRY data (16 bytes at offset 112)
// contains prio_args' preferredsds, else 0. prio_args "preferredsds=<name>"
// with an optional "timeout=<ms>" before or after it (0.14 takes any value
// and uses it as the command timeout).
import { type Io, ioctl, sg } from "../checkers/io.ts";
import { condlog } from "../log.ts";
import { SG_GET_VERSION_NUM } from "./hds.ts";
import type { PrioContext, Prioritizer } from "./context.ts";

const INQ_REPLY_LEN = 255;

/** C's %i: optional sign, then decimal, 0x hex or 0 octal. */
function scanInt(s: string): { value: number; rest: string } | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(s);
  if (!m) return null;
  const digits = m[2]!;
  const v = digits.startsWith("0x") || digits.startsWith("0X") ? parseInt(digits, 16) : digits.startsWith("0") ? parseInt(digits, 8) || 0 : parseInt(digits, 10);
  return { value: m[1] === "-" ? -v : v, rest: s.slice(m[0].length) };
}
const scanWord = (s: string) => /^[ \t\n\v\f\r]*([^ \t\n\v\f\r]+)/.exec(s);

export type DatacoreArgs = { preferredsds: string; timeoutMs?: number };

/** The three sscanf formats upstream tries in turn. */
export function parseDatacoreArgs(args: string): DatacoreArgs | null {
  if (args.startsWith("timeout=")) {
    const t = scanInt(args.slice(8));
    if (t) {
      const after = /^[ \t\n\v\f\r]*/.exec(t.rest)![0].length;
      const rest = t.rest.slice(after);
      if (rest.startsWith("preferredsds=")) {
        const w = scanWord(rest.slice(13));
        if (w) return { preferredsds: w[1]!, timeoutMs: t.value };
      }
    }
  }
  if (args.startsWith("preferredsds=")) {
    const w = scanWord(args.slice(13));
    if (!w) return null;
    const rest = args.slice(13 + w[0].length);
    const ws = /^[ \t\n\v\f\r]*/.exec(rest)![0].length;
    if (rest.slice(ws).startsWith("timeout=")) {
      const t = scanInt(rest.slice(ws + 8));
      if (t) return { preferredsds: w[1]!, timeoutMs: t.value };
    }
    return { preferredsds: w[1]! };
  }
  return null;
}

/** The priority for INQUIRY data and the preferred storage server name. */
export function datacorePrioFromInquiry(d: Uint8Array, preferredsds: string): number {
  const raw = d.subarray(112, 128);
  const nul = raw.indexOf(0);
  const sds = Buffer.from(nul < 0 ? raw : raw.subarray(0, nul)).toString("latin1");
  return sds.includes(preferredsds) ? 1 : 0;
}

function* datacorePrio(ctx: PrioContext): Io<number> {
  const log = (m: string) => condlog(0, `${ctx.path.dev}: datacore prio: ${m}`);
  const a = parseDatacoreArgs(ctx.args);
  if (!a) {
    log("unexpected prio_args format");
    return 0;
  }
  if (a.preferredsds.length <= 1) {
    log("prio args: preferredsds too short (1 character min)");
    return 0;
  }
  const ver = yield* ioctl(SG_GET_VERSION_NUM, new Uint8Array(4));
  if (ver.rc < 0 || new DataView(ver.arg.buffer, ver.arg.byteOffset, 4).getInt32(0, true) < 30000) return 0;
  const r = yield* sg({
    cdb: new Uint8Array([0x12, 0, 0, 0, INQ_REPLY_LEN, 0]), direction: "from-device", dataLength: INQ_REPLY_LEN,
    timeoutMs: (a.timeoutMs ?? ctx.timeoutMs) >>> 0,
  });
  if (!r.result || (r.result.info & 1) !== 0) return 0;
  const d = new Uint8Array(INQ_REPLY_LEN);
  d.set(r.result.data.subarray(0, INQ_REPLY_LEN));
  return datacorePrioFromInquiry(d, a.preferredsds);
}

export const datacore: Prioritizer = { name: "datacore", getPrio: datacorePrio };
