// Sense data, fixed (0x70/0x71) and descriptor (0x72/0x73) formats.
export type Sense = { key: number; asc: number; ascq: number; deferred: boolean };

export function parseSense(s: Uint8Array): Sense | null {
  if (s.length < 2) return null;
  const code = s[0]! & 0x7f;
  if (code === 0x70 || code === 0x71) {
    if (s.length < 14) return s.length >= 3 ? { key: s[2]! & 0x0f, asc: 0, ascq: 0, deferred: code === 0x71 } : null;
    return { key: s[2]! & 0x0f, asc: s[12]!, ascq: s[13]!, deferred: code === 0x71 };
  }
  if (code === 0x72 || code === 0x73) {
    if (s.length < 4) return null;
    return { key: s[1]! & 0x0f, asc: s[2]!, ascq: s[3]!, deferred: code === 0x73 };
  }
  return null;
}
