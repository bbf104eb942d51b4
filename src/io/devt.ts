// dev_t numbers: the kernel's huge_encode_dev layout, which is also glibc's
// makedev for 32-bit majors and minors (stat's rdev, dm's dev fields).
export type Devt = { major: number; minor: number };

export function decodeDevt(dev: bigint | number): Devt {
  const d = BigInt(dev);
  return { major: Number((d >> 8n) & 0xfffn), minor: Number((d & 0xffn) | ((d >> 12n) & 0xfff00n)) };
}
