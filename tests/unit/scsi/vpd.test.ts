// The cases of upstream's tests/vpd.c (VPD 0x83 -> WWID), as black-box
// inputs and expected outcomes, with our own page builders.
import { describe, expect, test } from "bun:test";
import { parseStandardInquiry, parseVpd83, targetPortGroup, wwidFromVpd83 } from "../../../src/scsi/vpd.ts";

const VENDOR = "Linux";
const ID = "A123456789AbcDefB123456789AbcDefC123456789AbcDefD123456789AbcDef";
const hexByte = (s: string, i: number) => Number.parseInt(s.slice(i, i + 2), 16);

/** A 4 KiB buffer filled with 0xed (so overruns read garbage), page 0x83 with one designator. */
function page83(desc: number[]): { buf: Uint8Array; n: number } {
  const buf = new Uint8Array(4096).fill(0xed);
  buf[0] = 0;
  buf[1] = 0x83;
  buf.set(desc, 4);
  buf[2] = desc.length >> 8;
  buf[3] = desc.length & 0xff;
  return { buf, n: desc.length + 4 };
}

function t10(id: string, n: number): number[] {
  const vendor = (VENDOR + " ".repeat(8)).slice(0, 8);
  return [2, 1, 0, n, ...Buffer.from(vendor + id.slice(0, n - 8), "latin1")];
}
function eui(id: string, n: number): number[] {
  return [1, 2, 0, n, ...Array.from({ length: n }, (_, i) => hexByte(id, 2 * i))];
}
function naa(id: string, kind: number): number[] {
  const bytes = kind === 6 ? 16 : 8;
  const first = Number.parseInt(id[0]!, 16) | (kind << 4);
  return [1, 3, 0, bytes, first, ...Array.from({ length: bytes - 1 }, (_, i) => hexByte(id, 1 + 2 * i))];
}
const PREFIX = ["eui.", "naa.", "iqn."];
function scsiName(id: string, typ: number, maxlen: number): number[] {
  const type = typ & 0xf;
  let s = (PREFIX[type]! + id).slice(0, maxlen - 1); // snprintf(maxlen)
  let len = Math.min(PREFIX[type]!.length + id.length, maxlen);
  if (typ & 0x10) len -= 2;
  const plen = 4 * Math.floor((len - 1) / 4) + 4;
  const body = new Uint8Array(plen);
  body.set(Buffer.from(s.slice(0, len), "latin1"));
  return [3, 8, 0, plen, ...body];
}

function wwid(p: { buf: Uint8Array; n: number }, wlen: number): number | string {
  const r = wwidFromVpd83(p.buf, p.n, wlen);
  if (r.wwid === undefined) return r.error === "overflow" ? "EOVERFLOW" : r.error === "invalid" ? "EINVAL" : "ENODATA";
  return r.wwid.length;
}

describe("T10 vendor id (upstream make_test_vpd_vnd)", () => {
  const cases: [number, number][] = [[40, 40], [40, 30], [30, 20], [29, 30], [28, 30], [27, 30], [26, 30], [25, 30],
    [24, 30], [23, 30], [24, 20], [23, 20], [22, 20], [21, 20], [20, 20], [19, 20], [20, 10], [10, 10]];
  for (const [len, wlen] of cases) {
    test(`${len}/${wlen}`, () => {
      const input = ID.split("");
      input[15] = input[17] = input[18] = " ";
      const id = input.join("");
      let expLen = len - 8 + VENDOR.length + 1 + 1;
      if (len >= 18 + 9) expLen--;
      if (len === 15 + 9 || len === 17 + 9 || len === 18 + 9) expLen--;
      if (expLen >= wlen) expLen = wlen - 1;
      const r = wwidFromVpd83(page83(t10(id, len)).buf, page83(t10(id, len)).n, wlen);
      const expected = ("1" + `${VENDOR}_${id}`.replace(/ +/g, "_")).slice(0, expLen);
      expect(r.wwid).toBe(expected);
    });
  }
});

describe("EUI-64 (make_test_vpd_eui / _badlen)", () => {
  const cases: [number, number][] = [[8, 32], [12, 32], [16, 40], [8, 18], [8, 17], [8, 16], [8, 10], [12, 26],
    [12, 25], [12, 20], [12, 10], [16, 34], [16, 33], [16, 20]];
  for (const [len, wlen] of cases) {
    test(`${len}/${wlen}`, () => {
      const exp = wlen > 2 * len + 1 ? 2 * len + 1 : wlen % 2 === 0 ? wlen - 1 : wlen - 2;
      const r = wwidFromVpd83(page83(eui(ID, len)).buf, page83(eui(ID, len)).n, wlen);
      expect(r.wwid).toBe(("2" + ID.toLowerCase()).slice(0, exp));
    });
  }
  const bad: [number, number, number | string][] = [
    [8, 8, 17], [8, 12, "EOVERFLOW"], [8, 9, "EOVERFLOW"], [8, 7, "EINVAL"], [8, 5, "EINVAL"], [8, 4, "EOVERFLOW"],
    [8, 0, "EOVERFLOW"], [12, 12, 25], [12, 16, "EOVERFLOW"], [12, 13, "EOVERFLOW"], [12, 11, "EINVAL"],
    [12, 9, "EINVAL"], [12, 8, 17], [12, 7, "EOVERFLOW"], [12, 0, "EOVERFLOW"], [16, 16, 33], [16, 17, "EOVERFLOW"],
    [16, 15, "EINVAL"], [16, 13, "EINVAL"], [16, 12, 25], [16, 11, "EOVERFLOW"], [16, 8, 17], [16, 7, "EOVERFLOW"],
    [16, 0, "EOVERFLOW"],
  ];
  for (const [len, badLen, want] of bad) {
    test(`bad length ${len} -> ${badLen}`, () => {
      const p = page83(eui(ID, len));
      p.buf[7] = badLen;
      expect(wwid(p, 40)).toBe(want);
    });
  }
});

describe("NAA (make_test_vpd_naa / _badlen)", () => {
  const cases: [number, number][] = [[6, 40], [6, 34], [6, 33], [6, 32], [6, 20], [5, 20], [5, 18], [5, 17], [5, 16],
    [3, 20], [3, 18], [3, 17], [3, 16], [2, 20], [2, 18], [2, 17], [2, 16]];
  for (const [kind, wlen] of cases) {
    test(`NAA ${kind}/${wlen}`, () => {
      const len = kind === 6 ? 33 : 17;
      const exp = wlen > len ? len : wlen % 2 === 0 ? wlen - 1 : wlen - 2;
      const p = page83(naa(ID, kind));
      expect(wwidFromVpd83(p.buf, p.n, wlen).wwid).toBe(("3" + String(kind) + ID.toLowerCase()).slice(0, exp));
    });
  }
  const bad: [number, number, number | string][] = [
    [6, 16, 33], [6, 17, "EOVERFLOW"], [6, 15, "EINVAL"], [6, 8, "EOVERFLOW"], [6, 0, "EOVERFLOW"],
    [5, 8, 17], [5, 16, "EOVERFLOW"], [5, 9, "EOVERFLOW"], [5, 7, "EINVAL"], [5, 4, "EOVERFLOW"], [5, 0, "EOVERFLOW"],
  ];
  for (const [kind, badLen, want] of bad) {
    test(`NAA ${kind} bad length ${badLen}`, () => {
      const p = page83(naa(ID, kind));
      p.buf[7] = badLen;
      expect(wwid(p, 40)).toBe(want);
    });
  }
});

describe("SCSI name string (make_test_vpd_str)", () => {
  for (const typ of [0, 16, 1, 17, 2, 18]) {
    for (const wlen of [18, 17, 16, 15]) {
      test(`type ${typ} / ${wlen}`, () => {
        const type = typ & 0xf;
        let exp = 20 - PREFIX[type]!.length;
        if (typ & 0x10) exp--;
        if (exp >= wlen) exp = wlen - 1;
        const p = page83(scsiName(ID, typ, 20));
        const got = wwidFromVpd83(p.buf, p.n, wlen).wwid!;
        expect(got.length).toBe(exp);
        expect(got[0]).toBe(["2", "3", "8"][type]);
        const body = type === 2 ? ID : ID.toLowerCase();
        expect(got.slice(1)).toBe(body.slice(0, exp - 1));
      });
    }
  }
});

describe("pages as devices report them", () => {
  // scsi_debug's page 0x83 (captured in the VM): T10 beats the locally assigned NAA
  const SCSI_DEBUG = Buffer.from(
    "008300540201001c" + Buffer.from("Linux   scsi_debug      2000").toString("hex") +
      "0103000833333330000007d0" + "0194000400000001" + "0193000832222220000007ce", "hex");
  test("scsi_debug: 1Linux_scsi_debug_2000, as udev's ID_SERIAL", () => {
    const fixed = new Uint8Array(SCSI_DEBUG);
    fixed[3] = fixed.length - 4;
    expect(wwidFromVpd83(fixed).wwid).toBe("1Linux_scsi_debug_2000");
    expect(parseVpd83(fixed).map((d) => [d.association, d.type])).toEqual([[0, 1], [0, 3], [1, 4], [1, 3]]);
  });
  test("target port group designator", () => {
    const p = new Uint8Array([0, 0x83, 0, 8, 0x01, 0x15, 0, 4, 0, 0, 0x01, 0x02]);
    expect(targetPortGroup(p)).toBe(0x102);
    expect(targetPortGroup(new Uint8Array([0, 0x83, 0, 0]))).toBe(-1);
  });
  test("standard inquiry", () => {
    const d = new Uint8Array(36);
    d[5] = 0x10;
    d.set(Buffer.from("LIO-ORG FILEIO          4.0 "), 8);
    expect(parseStandardInquiry(d)).toEqual({ peripheralType: 0, vendor: "LIO-ORG", product: "FILEIO", revision: "4.0", tpgs: 1 });
    expect(parseStandardInquiry(new Uint8Array(10))).toBeNull();
  });
});

describe("T10 vendor id padded with NULs (LIO without a unit serial)", () => {
  test("the WWID ends at the first NUL, as the C string does", () => {
    const id = Buffer.concat([Buffer.from("LIO-ORG "), Buffer.alloc(16)]);
    const page = Uint8Array.from([0x00, 0x83, 0x00, 4 + id.length, 0x02, 0x01, 0x00, id.length, ...id]);
    expect(wwidFromVpd83(page).wwid).toBe("1LIO-ORG_");
  });
});
