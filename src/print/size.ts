// Sizes as upstream prints them: sectors halved to KiB, then divided by
// 1024 in single precision while >= 1024, one decimal below 10 (8.0M, 1.0G,
// 10G). printf rounds exact halves to even, which toFixed does not.

const UNITS = ["K", "M", "G", "T", "P"];

/** printf("%.*f") of a float32 value with round-half-even on exact ties. */
export function printfFixed(x: number, precision: number): string {
  const scale = 10 ** precision;
  const scaled = x * scale; // exact: x has 24 significant bits
  const floor = Math.floor(scaled);
  const frac = scaled - floor;
  let n: number;
  if (frac === 0.5) n = floor % 2 === 0 ? floor : floor + 1;
  else return x.toFixed(precision);
  return (n / scale).toFixed(precision);
}

export function formatSize(sectors: number | bigint): string {
  let s = Math.fround(Number(BigInt(sectors) >> 1n));
  let u = 0;
  while (s >= 1024 && u < UNITS.length - 1) {
    s = Math.fround(s / 1024);
    u++;
  }
  return printfFixed(s, s < 10 ? 1 : 0) + UNITS[u];
}
