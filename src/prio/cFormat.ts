// printf conversions the prioritizers' log lines use, as glibc prints them.

/** %.<p>e: at least two exponent digits. */
export function fmtExp(v: number, precision: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? (Object.is(v, NaN) ? "nan" : "-nan") : v > 0 ? "inf" : "-inf";
  const [mant, exp] = v.toExponential(precision).split("e");
  const e = Number(exp);
  return `${mant}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

/** %.<p>f */
export function fmtFixed(v: number, precision: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  return v.toFixed(precision);
}

/** "0x%02x " for each byte, as ontap's dumps */
export const hexBytes = (b: Uint8Array) => Array.from(b, (x) => `0x${x.toString(16).padStart(2, "0")} `).join("");
