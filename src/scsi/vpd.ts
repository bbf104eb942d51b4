// Standard INQUIRY data and VPD pages, and the WWID multipath derives from
// VPD page 0x83 when udev has none (upstream's parse_vpd_pg83).

export type StandardInquiry = { peripheralType: number; vendor: string; product: string; revision: string; tpgs: number };

const ascii = (b: Uint8Array) => Buffer.from(b).toString("latin1");

export function parseStandardInquiry(d: Uint8Array): StandardInquiry | null {
  if (d.length < 36) return null;
  return {
    peripheralType: d[0]! & 0x1f,
    vendor: ascii(d.subarray(8, 16)).trimEnd(),
    product: ascii(d.subarray(16, 32)).trimEnd(),
    revision: ascii(d.subarray(32, 36)).trimEnd(),
    tpgs: (d[5]! >> 4) & 0x3,
  };
}

export type Designator = {
  protocol: number;
  codeSet: number;
  piv: boolean;
  /** 0 logical unit, 1 target port, 2 target device */
  association: number;
  type: number;
  value: Uint8Array;
};

/** The designation descriptors of a VPD 0x83 page (truncated ones dropped). */
export function parseVpd83(page: Uint8Array): Designator[] {
  if (page.length < 4 || page[1] !== 0x83) return [];
  const end = Math.min(page.length, 4 + ((page[2]! << 8) | page[3]!));
  const out: Designator[] = [];
  for (let d = 4; d + 4 <= end; d += 4 + page[d + 3]!) {
    const len = page[d + 3]!;
    if (d + 4 + len > end) break;
    out.push({
      protocol: page[d]! >> 4, codeSet: page[d]! & 0xf, piv: (page[d + 1]! & 0x80) !== 0,
      association: (page[d + 1]! >> 4) & 0x3, type: page[d + 1]! & 0xf, value: page.slice(d + 4, d + 4 + len),
    });
  }
  return out;
}

/** The target port group of the path (designator type 5), or -1. */
export function targetPortGroup(page: Uint8Array): number {
  for (const d of parseVpd83(page)) {
    if (d.type === 5 && d.value.length >= 4) return (d.value[2]! << 8) | d.value[3]!;
  }
  return -1;
}

export type WwidResult = { wwid?: string; warnings: string[]; error?: "no-data" | "invalid" | "overflow" };

const WWID_SIZE = 128;
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/** `page` is the whole VPD 0x83 response; `len` the bytes of it that are valid. */
export function wwidFromVpd83(page: Uint8Array, len = page.length, outLen = WWID_SIZE): WwidResult {
  const warnings: string[] = [];
  let best: number | undefined;
  let prio = -1;
  let error: WwidResult["error"] = "no-data";
  let d = 4;
  while (d <= len - 4) {
    const b1 = page[d + 1]!, dlen = page[d + 3]!;
    let invalid = false;
    let newPrio = -1;
    const assoc = b1 & 0x30;
    if (assoc === 0x30) invalid = true;
    else if (assoc === 0) {
      switch (b1 & 0xf) {
        case 0x3: {
          const naa = page[d + 4]! >> 4;
          const good = naa === 6 ? 16 : naa === 5 || naa === 2 || naa === 3 ? 8 : 0xff;
          newPrio = naa === 6 ? 8 : naa === 5 ? 7 : naa === 2 ? 6 : naa === 3 ? 1 : -1;
          invalid = good === 0xff || good !== dlen;
          break;
        }
        case 0x2:
          invalid = dlen !== 8 && dlen !== 12 && dlen !== 16;
          newPrio = 4;
          break;
        case 0x8: {
          const p = ascii(page.subarray(d + 4, d + 8));
          invalid = dlen < 4 || (p !== "eui." && p !== "naa." && p !== "iqn.");
          newPrio = 3;
          break;
        }
        case 0x1:
          invalid = dlen < 8;
          newPrio = 2;
          break;
        case 0x6:
          invalid = dlen !== 4;
          break;
        case 0x7:
          invalid = dlen !== 16;
          break;
        case 0x0:
          break;
        case 0xa:
          warnings.push("parse_vpd_pg83: UUID identifiers not yet supported");
          break;
        default:
          invalid = true;
      }
    }
    if (d + dlen + 4 > len) {
      warnings.push(`parse_vpd_pg83: device descriptor length overflow: ${d + dlen + 4} > ${len}`);
      error = "overflow";
      break;
    } else if (invalid) {
      const h = hex(page.subarray(d, d + 4));
      warnings.push(`parse_vpd_pg83: invalid device designator at offset ${d}: ${h}`);
      error = "invalid";
    } else if (newPrio > prio) {
      best = d;
      prio = newPrio;
    }
    d += dlen + 4;
  }
  if (prio <= 0 || best === undefined) return { warnings, error };
  if (d !== len) warnings.push(`parse_vpd_pg83: warning: last descriptor end ${d} != VPD length ${len}`);
  const type = page[best + 1]! & 0xf;
  let vlen = page[best + 3]!;
  if (vlen > WWID_SIZE) vlen = WWID_SIZE;
  const v = page.subarray(best + 4, best + 4 + vlen);
  let s: string;
  if (type === 0x2 || type === 0x3) s = `${type}${hex(v)}`;
  else if (type === 0x8) {
    const pre = ascii(v.subarray(0, 4));
    const t = pre === "eui." ? "2" : pre === "naa." ? "3" : "8";
    let name = ascii(v.subarray(4));
    const nul = name.indexOf("\0");
    if (nul >= 0) name = name.slice(0, nul);
    s = t + (t === "8" ? name : name.toLowerCase());
  } else {
    // T10 vendor id: runs of blanks become one underscore, trailing ones go
    s = "1" + ascii(v).replace(/ +$/, "").replace(/ +/g, "_");
  }
  if (s.length >= outLen) {
    warnings.push(`parse_vpd_pg83: WWID overflow, type ${type}, ${s.length}/${outLen} bytes required`);
    s = s.slice(0, type === 2 || type === 3 ? 2 * Math.floor(outLen / 2) - 1 : outLen - 1);
  }
  // the C string ends at the first NUL (LIO pads its T10 vendor id with them)
  const nul = s.indexOf("\0");
  return { wwid: nul < 0 ? s : s.slice(0, nul), warnings };
}
