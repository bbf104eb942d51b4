// Upstream's tests/alias.c (multipath-tools 0.14.3), part 1: name <-> id,
// lookups by WWID and by alias, and the order of parsed bindings. Each test
// is named after the upstream case it ports; the cases are data. Upstream
// mocks dm_get_wwid: here a table of map name -> WWID stands for the
// kernel's maps, and the questions asked of it are compared with upstream's
// mock sequence. Part 2 (allocation, get_user_friendly_alias, file checks)
// is aliasUpstreamAlloc.test.ts.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { formatDevname, freeId, scanDevname, userFriendlyAlias } from "../../../src/state/bindings.ts";
import { readBindingsText } from "../../../src/state/bindingsText.ts";
import { AFTER_HEADER, H, INT_MAX, MAX, MAX_M1, MAX_P1, USED, bindingsSandbox, fill, kernel, shuffled } from "./aliasUpstreamFixtures.ts";

const sandbox = bindingsSandbox();

describe("format_devname", () => {
  const cases: [string, number, string, string][] = [
    ["fd_mpatha", 1, "FOO", "FOOa"],
    ["fd_mpathz", 26, "FOO", "FOOz"],
    ["fd_mpathaa", 26 + 1, "FOO", "FOOaa"],
    ["fd_mpathzz", 26 * 26 + 26, "FOO", "FOOzz"],
    ["fd_mpathaaa", 26 * 26 + 27, "FOO", "FOOaaa"],
    ["fd_mpathzzz", 26 ** 3 + 26 ** 2 + 26, "FOO", "FOOzzz"],
    ["fd_mpathaaaa", 26 ** 3 + 26 ** 2 + 27, "FOO", "FOOaaaa"],
    ["fd_mpathzzzz", 26 ** 4 + 26 ** 3 + 26 ** 2 + 26, "FOO", "FOOzzzz"],
    ["fd_mpath_max", INT_MAX, "", MAX],
  ];
  for (const [name, id, prefix, want] of cases) test(name, () => expect(prefix + formatDevname(id)).toBe(want));
  // upstream: an error; ours: no letters (callers never format an id below 1)
  test("fd_mpath_max1: INT_MIN has no name", () => {
    expect(formatDevname(-(2 ** 31))).toBe("");
    expect(formatDevname(0)).toBe("");
  });
  // fd_mpath_short, fd_mpath_short1 test a too small C buffer: our strings have no size, nothing to port
});

describe("scan_devname", () => {
  const cases: [string, string, string, number][] = [
    ["sd_mpatha", "MPATHa", "MPATH", 1],
    ["sd_mpatha_spc", "MPATHa  00", "MPATH", 1], // the name ends at a blank
    ["sd_mpatha_tab", "MPATHa\t00", "MPATH", 1],
    ["sd_overlong", "MPATHa       ", "MPATH", -1], // blanks count towards the 7 letters
    ["sd_overlong1", "MPATHabcdefgh", "MPATH", -1],
    // upstream passes a NULL prefix; ours is a string: the empty one leaves "MPATHa", not all a-z
    ["sd_noprefix", "MPATHa", "", -1],
    ["sd_nomatchprefix", "MPATHa", "mpath", -1],
    ["sd_eq_prefix", "MPATH", "MPATH", -1],
    ["sd_bad_1", "MPATH0", "MPATH", -1],
    ["sd_bad_2", "MPATHa0c", "MPATH", -1],
    ["sd_max", `MPATH${MAX}`, "MPATH", INT_MAX],
    ["sd_max_p1", `MPATH${MAX_P1}`, "MPATH", -1], // ids are C ints
  ];
  for (const [name, alias, prefix, want] of cases) test(name, () => expect(scanDevname(alias, prefix)).toBe(want));
  test("sd_fd_many: 1..4999 there and back", () => {
    for (let i = 1; i < 5000; i++) {
      const name = `MPATH${formatDevname(i)}`;
      expect(name.length >= 6 && name.length <= 8).toBe(true);
      expect(scanDevname(name, "MPATH")).toBe(i);
    }
  });
  test("sd_fd_random: 999 random ids below 2^16 there and back", () => {
    const ids = shuffled(0xffff, 1).slice(0, 999);
    for (const n of ids) {
      const name = `MPATH${formatDevname(n)}`;
      expect(name.length >= 6 && name.length <= 9).toBe(true);
      expect(scanDevname(name, "MPATH")).toBe(n);
    }
  });
});

// lookup_binding: the WWID's binding if the file has one, else the next free
// id. The binding is looked up through userFriendlyAlias read-only (our only
// lookup by WWID); the free id through freeId with the map table.
type Lookup = { name: string; file: string; wwid: string; maps?: Record<string, string> } & (
  | { alias: string }
  | { id: number; asked: string[]; notes?: string[] }
);
const lookups: Lookup[] = [
  { name: "lb_empty", file: "", wwid: "WWID0", id: 1, asked: ["MPATHa"] }, // upstream: NULL prefix, no question
  { name: "lb_empty_unused", file: "", wwid: "WWID0", id: 1, asked: ["MPATHa"] },
  // a failed dm lookup counts as no map: the caller's takenByOtherMap answers no
  { name: "lb_empty_failed", file: "", wwid: "WWID0", id: 1, asked: ["MPATHa"] },
  { name: "lb_empty_1_used", file: "", wwid: "WWID0", maps: { MPATHa: USED }, id: 2, asked: ["MPATHa", "MPATHb"] },
  { name: "lb_empty_1_used_self", file: "", wwid: "WWID0", maps: { MPATHa: USED, MPATHb: "WWID0" }, id: 2, asked: ["MPATHa", "MPATHb"] },
  { name: "lb_match_a", file: "MPATHa WWID0\n", wwid: "WWID0", alias: "MPATHa" },
  { name: "lb_nomatch_a", file: "MPATHa WWID0\n", wwid: "WWID1", id: 2, asked: ["MPATHb"] },
  { name: "lb_nomatch_a_unused", file: "MPATHa WWID0\n", wwid: "WWID1", id: 2, asked: ["MPATHb"] },
  {
    name: "lb_nomatch_a_3_used_failed_self", file: "MPATHa WWID0\n", wwid: "WWID1",
    maps: { MPATHb: USED, MPATHc: USED, MPATHd: USED }, id: 5, asked: ["MPATHb", "MPATHc", "MPATHd", "MPATHe"],
  },
  { name: "lb_match_c", file: "MPATHa WWID0\nMPATHc WWID1", wwid: "WWID1", alias: "MPATHc" },
  { name: "lb_match_c_check", file: "MPATHa WWID0\nMPATHc WWID1", wwid: "WWID1", alias: "MPATHc" },
  { name: "lb_nomatch_a_c", file: "MPATHa WWID0\nMPATHc WWID1", wwid: "WWID2", id: 2, asked: ["MPATHb"] },
  { name: "lb_nomatch_a_d_unused", file: "MPATHa WWID0\nMPATHd WWID1", wwid: "WWID2", id: 2, asked: ["MPATHb"] },
  { name: "lb_nomatch_a_d_1_used", file: "MPATHa WWID0\nMPATHd WWID1", wwid: "WWID2", maps: { MPATHb: USED }, id: 3, asked: ["MPATHb", "MPATHc"] },
  {
    name: "lb_nomatch_a_d_2_used", file: "MPATHa WWID0\nMPATHd WWID1", wwid: "WWID2",
    maps: { MPATHb: USED, MPATHc: USED }, id: 5, asked: ["MPATHb", "MPATHc", "MPATHe"],
  },
  {
    name: "lb_nomatch_a_d_3_used", file: "MPATHa WWID0\nMPATHd WWID1", wwid: "WWID2",
    maps: { MPATHb: USED, MPATHc: USED, MPATHe: USED }, id: 6, asked: ["MPATHb", "MPATHc", "MPATHe", "MPATHf"],
  },
  { name: "lb_nomatch_c_a", file: "MPATHc WWID1\nMPATHa WWID0\n", wwid: "WWID2", id: 2, asked: ["MPATHb"] },
  { name: "lb_nomatch_d_a_unused", file: "MPATHc WWID1\nMPATHa WWID0\nMPATHd WWID0\n", wwid: "WWID2", id: 2, asked: ["MPATHb"] },
  {
    name: "lb_nomatch_d_a_1_used", file: "MPATHc WWID1\nMPATHa WWID0\nMPATHd WWID0\n", wwid: "WWID2",
    maps: { MPATHb: USED }, id: 5, asked: ["MPATHb", "MPATHe"],
  },
  { name: "lb_nomatch_a_b", file: "MPATHa WWID0\nMPATHz WWID26\nMPATHb WWID1\n", wwid: "WWID2", id: 3, asked: ["MPATHc"] },
  // the line without a WWID is dropped, so MPATHb is free
  {
    name: "lb_nomatch_a_b_bad", file: "MPATHa WWID0\nMPATHz WWID26\nMPATHb\n", wwid: "WWID2", id: 2, asked: ["MPATHb"],
    notes: [`1 invalid line ${3 + AFTER_HEADER} in bindings file, missing WWID`],
  },
  {
    name: "lb_nomatch_a_b_bad_self", file: "MPATHa WWID0\nMPATHz WWID26\nMPATHb\n", wwid: "WWID2",
    maps: { MPATHb: "WWID2" }, id: 2, asked: ["MPATHb"], notes: [`1 invalid line ${3 + AFTER_HEADER} in bindings file, missing WWID`],
  },
  { name: "lb_nomatch_b_z_a", file: "MPATHb WWID1\nMPATHz WWID26\nMPATHa WWID0\n", wwid: "WWID2", id: 3, asked: ["MPATHc"] },
  // upstream's data for this one is the same as lb_nomatch_b_z_a
  { name: "lb_nomatch_b_aa_a", file: "MPATHb WWID1\nMPATHz WWID26\nMPATHa WWID0\n", wwid: "WWID2", id: 3, asked: ["MPATHc"] },
  { name: "lb_nomatch_b_a_aa", file: fill(0, 26), wwid: "WWID28", id: 28, asked: ["MPATHab"] },
  { name: "lb_nomatch_b_a_aa_zz", file: `${fill(0, 26)}MPATHzz WWID676\n`, wwid: "WWID703", id: 28, asked: ["MPATHab"] },
  { name: "lb_nomatch_b_a", file: "MPATHb WWID1\nMPATHa WWID0\n", wwid: "WWID2", id: 3, asked: ["MPATHc"] },
  {
    name: "lb_nomatch_b_a_3_used", file: fill(0, 26), wwid: "WWID31", maps: { MPATHab: USED, MPATHac: USED, MPATHad: USED },
    id: 31, asked: ["MPATHab", "MPATHac", "MPATHad", "MPATHae"],
  },
  // the file cannot be full (it is sorted): a binding at INT_MAX leaves the gap below it
  { name: "lb_nomatch_int_max", file: `${fill(0, 26)}MPATH${MAX} WWIDMAX\n`, wwid: "WWIDNOMORE", id: 28, asked: ["MPATHab"] },
  {
    name: "lb_nomatch_int_max_used", file: `${fill(1, 26)}MPATH${MAX} WWIDMAX\n`, wwid: "WWIDNOMORE",
    maps: { MPATHa: USED }, id: 28, asked: ["MPATHa", "MPATHab"],
  },
  { name: "lb_nomatch_int_max_m1", file: `${fill(0, 26)}MPATH${MAX_M1} WWIDMAXM1\n`, wwid: "WWIDMAX", id: 28, asked: ["MPATHab"] },
  {
    name: "lb_nomatch_int_max_m1_used", file: `${fill(0, 26)}MPATH${MAX_M1} WWIDMAXM1\n`, wwid: "WWIDMAX",
    maps: { MPATHab: USED }, id: 29, asked: ["MPATHab", "MPATHac"],
  },
  {
    name: "lb_nomatch_int_max_m1_1_used", file: `${fill(1, 26)}MPATH${MAX_M1} WWIDMAXM1\n`, wwid: "WWIDMAX",
    maps: { MPATHa: USED }, id: 28, asked: ["MPATHa", "MPATHab"],
  },
  {
    name: "lb_nomatch_int_max_m1_2_used", file: `${fill(1, 26)}MPATH${MAX_M1} WWIDMAXM1\n`, wwid: "WWIDMAX",
    maps: { MPATHa: USED, MPATHab: USED }, id: 29, asked: ["MPATHa", "MPATHab", "MPATHac"],
  },
];

describe("lookup_binding", () => {
  for (const c of lookups) {
    test(c.name, () => {
      const path = sandbox.file(c.file);
      const found = userFriendlyAlias(c.wwid, "", "MPATH", { path, readOnly: true, ...kernel(c.maps) });
      if ("alias" in c) return expect(found).toBe(c.alias);
      expect(found).toBeUndefined(); // read-only: no binding, no new one
      const k = kernel(c.maps);
      const t = readBindingsText(H + c.file);
      expect(freeId(t.bindings, "MPATH", (a) => k.takenByOtherMap(a, c.wwid))).toBe(c.id);
      expect(k.asked).toEqual(c.asked);
      expect(t.notes.map((n) => `${n.level} ${n.message}`)).toEqual(c.notes ?? (c.name.startsWith("lb_nomatch_d_a")
        ? ["2 WWID WWID0 has several bindings in bindings file; MPATHa is used, MPATHd is not"] // ours only
        : []));
    });
  }
  // upstream: NULL prefix with the check on gives -1; ours: read-only finds nothing and binds nothing
  test("lb_nomatch_a_bad_check", () => {
    const path = sandbox.file("MPATHa WWID0\n");
    expect(userFriendlyAlias("WWID1", "", "MPATH", { path, readOnly: true, ...kernel() })).toBeUndefined();
    expect(readFileSync(path, "latin1")).toBe(`${H}MPATHa WWID0\n`);
  });
});

// rlookup_binding: the WWID bound to an alias. We have no get_user_friendly_wwid;
// the answer is the parsed file's binding for that alias.
describe("rlookup_binding", () => {
  const wwidOf = (file: string, alias: string) => readBindingsText(H + file).bindings.find((b) => b.alias === alias)?.wwid;
  const overlong = `MPATHa ${"W".repeat(129)}\n`;
  const cases: [string, string, string, string | undefined, string[]][] = [
    ["rl_empty", "", "MPATHa", undefined, []],
    ["rl_match_a", "MPATHa WWID0\n", "MPATHa", "WWID0", []],
    ["rl_nomatch_a", "MPATHa WWID0\n", "MPATHb", undefined, []],
    ["rl_malformed_a", "MPATHa     \n", "MPATHa", undefined, [`1 invalid line ${1 + AFTER_HEADER} in bindings file, missing WWID`]],
    ["rl_overlong_a", overlong, "MPATHa", undefined, [`3 Ignoring too large wwid at ${1 + AFTER_HEADER} in bindings file`]],
    ["rl_match_b", "MPATHa WWID0\nMPATHz WWID26\nMPATHb WWID2\n", "MPATHb", "WWID2", []],
  ];
  for (const [name, file, alias, wwid, notes] of cases) {
    test(name, () => {
      expect(wwidOf(file, alias)).toBe(wwid);
      expect(readBindingsText(H + file).notes.map((n) => `${n.level} ${n.message}`)).toEqual(notes);
    });
  }
});

// bindings order: however the file is ordered, for each prefix the parsed
// bindings run in increasing id (get_free_id relies on it)
describe("bindings order", () => {
  const nums = shuffled(1000, 7);
  const orders: [string, [number, number, string][], boolean][] = [
    ["order_01", [[0, 1000, "MPATH"]], false],
    ["order_02", [[0, 500, "MPATH"], [200, 700, "mpath"]], false],
    ["order_03", [[500, 1000, "MPTH"], [0, 500, "MPATH"]], false],
    ["order_04", [[0, 500, "mpa"], [250, 750, "mp"]], true], // mpa+a is mp+aa: conflicts
    ["order_05", [[0, 100, "A"], [0, 100, "B"], [0, 100, "C"], [0, 100, "D"]], false],
    ["order_06", [[0, 100, ""], [0, 100, "a"], [0, 100, "aa"], [0, 100, "ab"], [0, 100, "aaa"]], true],
  ];
  for (const [name, ranges, conflicts] of orders) {
    test(name, () => {
      const body = ranges.flatMap(([s, e, p]) => nums.slice(s, e).map((n) => `${p}${formatDevname(n)} WWID${n}\n`)).join("");
      const t = readBindingsText(H + body);
      expect(t.conflicts).toBe(conflicts);
      if (!conflicts) expect(t.bindings.length).toBe(ranges.reduce((n, [s, e]) => n + e - s, 0));
      for (const [s, e, p] of ranges) {
        const ids = t.bindings.map((b) => scanDevname(b.alias, p)).filter((id) => id !== -1);
        expect(ids.length).toBeGreaterThanOrEqual(conflicts ? 1 : e - s);
        expect(ids).toEqual([...new Set(ids)].sort((x, y) => x - y));
      }
    });
  }
});
