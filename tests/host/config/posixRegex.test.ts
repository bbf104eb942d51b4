// Our POSIX ERE translation against glibc's own regcomp/regexec (through
// bun:ffi), on hand-picked and generated patterns.
import { describe, expect, test } from "bun:test";
import { dlopen, FFIType, ptr } from "bun:ffi";
import { compileEre } from "../../../src/config/posixRegex.ts";

const libc = dlopen("libc.so.6", {
  regcomp: { args: [FFIType.ptr, FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
  regexec: { args: [FFIType.ptr, FFIType.ptr, FFIType.u64, FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
  regfree: { args: [FFIType.ptr], returns: FFIType.void },
});
const REG_EXTENDED = 1;
const REG_NOSUB = 8;
const cstr = (s: string) => Buffer.from(`${s}\0`, "latin1");

/** glibc's verdict: null when regcomp refuses the pattern */
function glibc(pattern: string, subjects: string[]): boolean[] | null {
  const re = new Uint8Array(128); // regex_t is 64 bytes on x86_64
  if (libc.symbols.regcomp(ptr(re), cstr(pattern), REG_EXTENDED | REG_NOSUB) !== 0) return null;
  const out = subjects.map((s) => libc.symbols.regexec(ptr(re), cstr(s), 0n, null, 0) === 0);
  libc.symbols.regfree(ptr(re));
  return out;
}
function ours(pattern: string, subjects: string[]): boolean[] | null {
  const re = compileEre(pattern);
  return re === null ? null : subjects.map((s) => re.test(s));
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = ["", "a", "b", "ab", "aab", "ba", "a)", "(a)", "*a", "a{1}", "a{,3}", "]", "\\", "-", "x.y", "aaaa", "A", "3PARdata", "NVME", "sda", "nvme0n1"];
// (no subject holds a newline: multipath matches device names, vendor/product strings and WWIDs)

const HAND = [
  "^sd[a-z]", "!^(sd[a-z]|dasd[a-z]|nvme[0-9])", "(SCSI_IDENT_|ID_WWN)", "^(ram|zram|loop|fd|md|dm-|sr|scd|st|nbd)[0-9]*",
  "ba[[rxy]", "ba[zy]", "ba(z|y)", "(bar|baz|ba\\.)$", "^.oo", ".oo", "a)", "*a", "a**", "a{,3}", "(", "a{", "a{1", "[]a]",
  "\\d", "a|*b", "+a", "()", "a{2}{3}", "x{1,2}?", "\\(", "[[:alpha:]]+", "[[:digit:][:upper:]]", "[a\\]x]", "^*", "a|", "|a",
  "a||b", "[^]a]", "[a-]", "[-a]", "a+*", "a?+", "\\<a", "a\\>", "\\bab", "\\w+", "[.]", "[[.a.]]", "[[=a=]]", "a{1,}", "a{0}",
  "x|(a{2})", "^$", "$a", "a^", "a$b", "[[:foo:]]", "[z-a]", "a{3,1}", "\\", "(|a)", "(*a)", "(a|*)", "a{1}{2}{3}",
];

describe("POSIX ERE translation matches glibc", () => {
  test("hand-picked patterns", () => {
    for (const p of HAND) expect({ p, r: ours(p, SUBJECTS) }).toEqual({ p, r: glibc(p, SUBJECTS) });
  });
  test("5000 generated patterns", () => {
    const r = rng(42);
    const ALPHA = ["a", "b", "(", ")", ".", "*", "+", "?", "|", "[", "]", "^", "$", "\\", "{", "}", ",", "1", "2", "-", ":", "!", "[:alpha:]", "a", "b"];
    for (let i = 0; i < 5000; i++) {
      let p = "";
      const n = 1 + Math.floor(r() * 7);
      for (let j = 0; j < n; j++) p += ALPHA[Math.floor(r() * ALPHA.length)];
      expect({ p, r: ours(p, SUBJECTS) }).toEqual({ p, r: glibc(p, SUBJECTS) });
    }
  });
});
