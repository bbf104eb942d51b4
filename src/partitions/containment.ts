// The BSD and Sun convention: the 'c' slice spans the whole disk, so a
// slice lying inside another is contained in it, and one that starts
// earlier and runs into a later slice is dropped (upstream bsd.c/sun.c).
import type { Slot } from "./slots.ts";

export function markContainment(slots: Slot[], label: string, warnings: string[]): void {
  slots.forEach((si, i) => {
    if (si.size === 0n) return;
    // upstream keeps the end in an unsigned int
    const end = BigInt.asUintN(32, si.start + si.size);
    slots.forEach((sj, j) => {
      if (i === j || sj.size === 0n) return;
      if (si.start < sj.start) {
        if (end > sj.start && end < sj.start + sj.size) {
          warnings.push(`${label}: slice ${i} overlaps with ${j}`);
          si.size = 0n;
        }
      } else if (end <= sj.start + sj.size) si.container = j;
    });
  });
}
