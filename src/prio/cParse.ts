// The C library's number parsing, as prioritizer arguments are read
// upstream: leading blanks, a sign, the longest valid prefix; nothing
// consumed when there is no number.

const SPACE = /^[ \t\n\v\f\r]*/;

export type Parsed = { value: number; consumed: number; overflow?: boolean; /** strtoul's exact value */ big?: bigint };

/** strtoul(s, &end, base) for base 0, 10 or 16; the value wraps like unsigned long for a negative sign. */
export function strtoul(s: string, base: 0 | 10 | 16): Parsed {
  let i = SPACE.exec(s)![0].length;
  let neg = false;
  if (s[i] === "+" || s[i] === "-") neg = s[i++] === "-";
  let b: number = base;
  if ((b === 0 || b === 16) && s[i] === "0" && (s[i + 1] === "x" || s[i + 1] === "X") && /[0-9a-fA-F]/.test(s[i + 2] ?? "")) {
    i += 2;
    b = 16;
  } else if (b === 0) b = s[i] === "0" ? 8 : 10;
  const digits = b === 16 ? /^[0-9a-fA-F]+/ : b === 8 ? /^[0-7]+/ : /^[0-9]+/;
  const m = digits.exec(s.slice(i));
  if (!m) return { value: 0, consumed: 0 };
  let v = BigInt(b === 16 ? `0x${m[0]}` : b === 8 ? `0o${m[0]}` : m[0]);
  const max = 2n ** 64n - 1n;
  const overflow = v > max;
  if (overflow) v = max;
  else if (neg) v = (2n ** 64n - v) % 2n ** 64n;
  return { value: Number(v), consumed: i + m[0].length, overflow, big: v };
}

/** (int) of an unsigned long, as `(int)strtoul(...)` */
export function toCInt(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

/** strtod: decimal and hexadecimal floats, inf/infinity, nan. */
export function strtod(s: string): Parsed {
  const lead = SPACE.exec(s)![0].length;
  const rest = s.slice(lead);
  const special = /^([+-]?)(infinity|inf|nan(\([0-9a-zA-Z_]*\))?)/i.exec(rest);
  if (special) {
    const neg = special[1] === "-";
    const v = special[2]!.toLowerCase().startsWith("inf") ? Infinity : NaN;
    return { value: neg ? -v : v, consumed: lead + special[0].length };
  }
  const hex = /^([+-]?)0[xX](([0-9a-fA-F]+)(\.[0-9a-fA-F]*)?|\.[0-9a-fA-F]+)([pP][+-]?[0-9]+)?/.exec(rest);
  if (hex) {
    const [intPart, frac = ""] = hex[2]!.split(".");
    let v = 0;
    for (const c of (intPart ?? "") + frac.replace(".", "")) v = v * 16 + parseInt(c, 16);
    v /= 16 ** frac.replace(".", "").length;
    if (hex[5]) v *= 2 ** Number(hex[5].slice(1));
    return { value: hex[1] === "-" ? -v : v, consumed: lead + hex[0].length };
  }
  const dec = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(rest);
  if (!dec) return { value: 0, consumed: 0 };
  return { value: Number(dec[0]), consumed: lead + dec[0].length };
}

/** atoi: strtol truncated to int (glibc keeps the low 32 bits). */
export function atoi(s: string): number {
  const lead = SPACE.exec(s)![0].length;
  const m = /^[+-]?\d+/.exec(s.slice(lead));
  if (!m) return 0;
  let v = BigInt(m[0]);
  const lo = -(2n ** 63n), hi = 2n ** 63n - 1n;
  if (v < lo) v = lo;
  if (v > hi) v = hi;
  return Number(BigInt.asIntN(32, v));
}
