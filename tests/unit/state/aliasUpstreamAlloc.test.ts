// Upstream's tests/alias.c (multipath-tools 0.14.3), part 2: allocating a
// binding, get_user_friendly_alias (old alias reuse included), and the
// checks of the bindings file. A temporary file stands for the bindings
// file and the captured log for condlog. Upstream's level-3 lookup traces
// ("Found matching ...", "No matching ...", "... already taken, reselecting
// alias") have no counterpart in our code; every other message is asserted.
import { describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { checkBindingsFile, parseBindings, userFriendlyAlias } from "../../../src/state/bindings.ts";
import { readBindingsText } from "../../../src/state/bindingsText.ts";
import { AFTER_HEADER, H, USED, bindingsSandbox, fill, kernel } from "./aliasUpstreamFixtures.ts";

const sandbox = bindingsSandbox();

const updated = (path: string) => `1 updated bindings file ${path}`;
const created = (alias: string, wwid: string) => `3 Created new binding [${alias}] for WWID [${wwid}]`;
const existing = (alias: string, wwid: string) => `3 Use existing binding [${alias}] for WWID [${wwid}]`;
const allocated = (alias: string, wwid: string) => `2 Allocated existing binding [${alias}] for WWID [${wwid}]`;
const reuse = (alias: string, wwid: string) => `0 alias ${alias} already bound to wwid ${wwid}, cannot reuse`;
// the directory of `path` gets the writer's temporary file's name: the write fails
const blockWrites = (path: string) => mkdirSync(join(path, "..", `.bindings.${process.pid}.tmp`));
const cannotWrite = (path: string) => (l: string) => l.startsWith(`0 cannot write ${path}: `);

// allocate_binding is inside userFriendlyAlias here: a new binding is the file rewritten with it
describe("allocate_binding", () => {
  test("al_a", () => {
    const path = sandbox.file("");
    expect(userFriendlyAlias("WWIDa", "", "MPATH", { path, ...kernel() })).toBe("MPATHa");
    expect(readFileSync(path, "latin1")).toBe(`${H}MPATHa WWIDa\n`);
    expect(sandbox.log).toEqual([updated(path), created("MPATHa", "WWIDa")]);
  });
  test("al_zz: a given id (here an old alias)", () => {
    const path = sandbox.file("");
    expect(userFriendlyAlias("WWIDzz", "MPATHzz", "MPATH", { path, ...kernel() })).toBe("MPATHzz");
    expect(readFileSync(path, "latin1")).toBe(`${H}MPATHzz WWIDzz\n`);
    expect(sandbox.log).toEqual([updated(path), created("MPATHzz", "WWIDzz"), allocated("MPATHzz", "WWIDzz")]);
  });
  // upstream refuses ids 0 and -2; ours never allocates an old alias that scans to no id
  for (const [name, old] of [["al_0", "MPATH "], ["al_m2", "MPATHx1"]] as const) {
    test(`${name}: old alias ${JSON.stringify(old)} is not allocated, a free id is`, () => {
      const path = sandbox.file("");
      expect(userFriendlyAlias("WWIDa", old, "MPATH", { path, ...kernel() })).toBe("MPATHa");
      expect(parseBindings(readFileSync(path, "latin1"))).toEqual([{ alias: "MPATHa", wwid: "WWIDa" }]);
    });
  }
  // al_write_partial (a short write retried) is write(2) detail we cannot cause; al_write_short,
  // al_write_err and al_rename_err are one observable case: the new file cannot be put in place
  test("al_write_err: no alias, the binding is not kept", () => {
    const path = sandbox.file("");
    blockWrites(path);
    expect(userFriendlyAlias("WWIDa", "", "MPATH", { path, ...kernel() })).toBeUndefined();
    expect(sandbox.log.some(cannotWrite(path))).toBe(true);
    expect(readFileSync(path, "latin1")).toBe(H);
    rmSync(join(path, "..", `.bindings.${process.pid}.tmp`), { recursive: true });
    expect(userFriendlyAlias("WWIDb", "", "MPATH", { path, ...kernel() })).toBe("MPATHa");
  });
});

type Gufa = {
  name: string; file: string; wwid: string; old?: string; ro?: boolean; maps?: Record<string, string>;
  alias: string | undefined; asked: string[]; log: (path: string) => string[];
  /** the bindings after the call; undefined: the file is left as it was */
  after?: string;
};
const none = () => [];
const gufas: Gufa[] = [
  {
    name: "gufa_empty_new_rw", file: "", wwid: "WWID0", alias: "MPATHa", asked: ["MPATHa"],
    log: (p) => [updated(p), created("MPATHa", "WWID0")], after: "MPATHa WWID0\n",
  },
  { name: "gufa_empty_new_ro_2", file: "", wwid: "WWID0", ro: true, alias: undefined, asked: ["MPATHa"], log: none },
  { name: "gufa_match_a_unused", file: "MPATHa WWID0", wwid: "WWID0", ro: true, alias: "MPATHa", asked: ["MPATHa"], log: () => [existing("MPATHa", "WWID0")] },
  {
    name: "gufa_match_a_self", file: "MPATHa WWID0", wwid: "WWID0", ro: true, maps: { MPATHa: "WWID0" },
    alias: "MPATHa", asked: ["MPATHa"], log: () => [existing("MPATHa", "WWID0")],
  },
  { name: "gufa_match_a_used", file: "MPATHa WWID0", wwid: "WWID0", ro: true, maps: { MPATHa: USED }, alias: undefined, asked: ["MPATHa"], log: none },
  {
    name: "gufa_nomatch_a_c", file: "MPATHa WWID0\nMPATHc WWID2\n", wwid: "WWID1", alias: "MPATHb", asked: ["MPATHb"],
    log: (p) => [updated(p), created("MPATHb", "WWID1")], after: "MPATHa WWID0\nMPATHb WWID1\nMPATHc WWID2\n",
  },
  {
    name: "gufa_nomatch_c_a", file: "MPATHc WWID2\nMPATHa WWID0\n", wwid: "WWID1", alias: "MPATHb", asked: ["MPATHb"],
    log: (p) => [updated(p), created("MPATHb", "WWID1")], after: "MPATHa WWID0\nMPATHb WWID1\nMPATHc WWID2\n",
  },
  {
    name: "gufa_nomatch_c_b", file: "MPATHc WWID2\nMPATHb WWID1\n", wwid: "WWID0", alias: "MPATHa", asked: ["MPATHa"],
    log: (p) => [updated(p), created("MPATHa", "WWID0")], after: "MPATHa WWID0\nMPATHb WWID1\nMPATHc WWID2\n",
  },
  {
    name: "gufa_nomatch_c_b_used", file: "MPATHc WWID2\nMPATHb WWID1\n", wwid: "WWID4", maps: { MPATHa: USED },
    alias: "MPATHd", asked: ["MPATHa", "MPATHd"],
    log: (p) => [updated(p), created("MPATHd", "WWID4")], after: "MPATHb WWID1\nMPATHc WWID2\nMPATHd WWID4\n",
  },
  {
    name: "gufa_nomatch_b_f_a", file: "MPATHb WWID1\nMPATHf WWID6\nMPATHa WWID0\n", wwid: "WWID7", alias: "MPATHc", asked: ["MPATHc"],
    log: (p) => [updated(p), created("MPATHc", "WWID7")], after: "MPATHa WWID0\nMPATHb WWID1\nMPATHc WWID7\nMPATHf WWID6\n",
  },
  {
    name: "gufa_nomatch_b_aa_a", file: fill(0, 26), wwid: "WWID28", alias: "MPATHab", asked: ["MPATHab"],
    log: (p) => [updated(p), created("MPATHab", "WWID28")], after: `${fill(0, 26)}MPATHab WWID28\n`,
  },
  // upstream's data for this one is the same as gufa_nomatch_b_f_a
  {
    name: "gufa_nomatch_b_f_a_sorted", file: "MPATHb WWID1\nMPATHf WWID6\nMPATHa WWID0\n", wwid: "WWID7", alias: "MPATHc", asked: ["MPATHc"],
    log: (p) => [updated(p), created("MPATHc", "WWID7")], after: "MPATHa WWID0\nMPATHb WWID1\nMPATHc WWID7\nMPATHf WWID6\n",
  },
  {
    name: "gufa_old_empty", file: "", wwid: "WWID0", old: "MPATHz", alias: "MPATHz", asked: [],
    log: (p) => [updated(p), created("MPATHz", "WWID0"), allocated("MPATHz", "WWID0")], after: "MPATHz WWID0\n",
  },
  { name: "gufa_old_match", file: "MPATHb WWID1\nMPATHz WWID0", wwid: "WWID0", old: "MPATHz", alias: "MPATHz", asked: [], log: none },
  {
    name: "gufa_old_match_other", file: "MPATHz WWID9\n", wwid: "WWID0", old: "MPATHz", alias: "MPATHa", asked: ["MPATHa"],
    log: (p) => [reuse("MPATHz", "WWID9"), updated(p), created("MPATHa", "WWID0")], after: "MPATHa WWID0\nMPATHz WWID9\n",
  },
  {
    name: "gufa_old_match_other_used", file: "MPATHz WWID9\n", wwid: "WWID0", old: "MPATHz", maps: { MPATHa: USED },
    alias: "MPATHb", asked: ["MPATHa", "MPATHb"],
    log: (p) => [reuse("MPATHz", "WWID9"), updated(p), created("MPATHb", "WWID0")], after: "MPATHb WWID0\nMPATHz WWID9\n",
  },
  {
    name: "gufa_old_match_other_wwidmatch", file: "MPATHz WWID9\nMPATHc WWID2", wwid: "WWID2", old: "MPATHz",
    alias: "MPATHc", asked: ["MPATHc"], log: () => [reuse("MPATHz", "WWID9"), existing("MPATHc", "WWID2")],
  },
  {
    name: "gufa_old_match_other_wwidmatch_used", file: "MPATHz WWID9\nMPATHc WWID2", wwid: "WWID2", old: "MPATHz",
    maps: { MPATHc: USED }, alias: undefined, asked: ["MPATHc"], log: () => [reuse("MPATHz", "WWID9")],
  },
  {
    name: "gufa_old_nomatch_wwidmatch", file: "MPATHa WWID0", wwid: "WWID0", old: "MPATHz",
    alias: "MPATHa", asked: ["MPATHa"], log: () => [existing("MPATHa", "WWID0")],
  },
  {
    name: "gufa_old_nomatch_wwidmatch_used", file: "MPATHa WWID0", wwid: "WWID0", old: "MPATHz", maps: { MPATHa: USED },
    alias: undefined, asked: ["MPATHa"], log: none,
  },
  {
    name: "gufa_old_nomatch_nowwidmatch", file: "MPATHb WWID1\n", wwid: "WWID0", old: "MPATHz", alias: "MPATHz", asked: [],
    log: (p) => [updated(p), created("MPATHz", "WWID0"), allocated("MPATHz", "WWID0")], after: "MPATHb WWID1\nMPATHz WWID0\n",
  },
];

describe("get_user_friendly_alias", () => {
  for (const c of gufas) {
    test(c.name, () => {
      const path = sandbox.file(c.file);
      const k = kernel(c.maps);
      expect(userFriendlyAlias(c.wwid, c.old ?? "", "MPATH", { path, readOnly: c.ro ?? false, ...k })).toBe(c.alias);
      expect(k.asked).toEqual(c.asked);
      expect(sandbox.log).toEqual(c.log(path));
      expect(readFileSync(path, "latin1")).toBe(H + (c.after ?? c.file));
    });
  }
  // upstream makes rename fail with EROFS; we make the write fail
  test("gufa_empty_new_ro_1: the file cannot be written: no alias", () => {
    const path = sandbox.file("");
    blockWrites(path);
    const k = kernel();
    expect(userFriendlyAlias("WWID0", "", "MPATH", { path, ...k })).toBeUndefined();
    expect(k.asked).toEqual(["MPATHa"]);
    expect(sandbox.log.filter((l) => !cannotWrite(path)(l))).toEqual([]);
    expect(readFileSync(path, "latin1")).toBe(H);
  });
  // upstream counts mutex lock/unlock pairs; ours is a flock on the directory, which a
  // second open in this process could not take again had the first call kept it
  test("gufa_check_locking: each call releases the lock and leaves no temporary file", () => {
    const path = sandbox.file("");
    expect(userFriendlyAlias("WWID0", "", "MPATH", { path, ...kernel() })).toBe("MPATHa");
    expect(userFriendlyAlias("WWID1", "", "MPATH", { path, ...kernel() })).toBe("MPATHb");
    expect(readdirSync(join(path, ".."))).toEqual(["bindings"]);
  });
});

// Not in tests/alias.c, from alias.c itself: a name a multipath.conf entry gives
// another WWID. The file's line for it is dropped (_check_bindings_file); a new
// name skips it only when that WWID's map exists (get_free_id asks the kernel only).
describe("names given by multipath.conf", () => {
  test("a bindings line against a multipaths alias is dropped; its WWID gets a free name", () => {
    const path = sandbox.file("MPATHa WWID0\nMPATHb WWID1\n");
    const k = kernel({ MPATHb: "WWIDX" });
    const mpeAliases = new Map([["MPATHb", "WWIDX"]]);
    expect(userFriendlyAlias("WWID1", "", "MPATH", { path, mpeAliases, ...k })).toBe("MPATHc");
    expect(k.asked).toEqual(["MPATHb", "MPATHc"]);
    expect(sandbox.log).toEqual([
      `0 ERROR: alias "MPATHb" for WWID WWID1 in bindings file on line ${2 + AFTER_HEADER} conflicts with multipath.conf entry for WWIDX`,
      updated(path), created("MPATHc", "WWID1"),
    ]);
    expect(readFileSync(path, "latin1")).toBe(`${H}MPATHa WWID0\nMPATHc WWID1\n# discarded (multipath.conf names WWIDX MPATHb): MPATHb WWID1\n`);
  });
});

// The checks of _check_bindings_file/read_binding (tests/alias.c has none in 0.14.3):
// [case, body after a good header, multipath.conf aliases, bindings used, notes (upstream's line numbers), needs a rewrite]
type Check = [string, string, Record<string, string>, string, string[], boolean];
const checks: Check[] = [
  ["clean file", "MPATHa W1\nMPATHb W2\n", {}, "MPATHa W1|MPATHb W2", [], false],
  ["comments, blank lines, CR and trailing comments", "# note\n\n  \nMPATHa W1\r\nMPATHb W2 # moved\n", {}, "MPATHa W1|MPATHb W2", [], false],
  ["missing WWID", "MPATHa\nMPATHb W2\n", {}, "MPATHb W2", ["1 invalid line 1 in bindings file, missing WWID"], false],
  ["extra args: reported, the binding is used", "MPATHa W1 W9 W8\n", {}, "MPATHa W1", ['1 invalid line 1 in bindings file, extra args "W9"'], false],
  ["a WWID of 127 characters is used, of 128 ignored", `MPATHa ${"x".repeat(127)}\nMPATHb ${"y".repeat(128)}\n`, {}, `MPATHa ${"x".repeat(127)}`,
    ["3 Ignoring too large wwid at 2 in bindings file"], false],
  ["duplicate alias: the first binding stays", "MPATHa W1\nMPATHa W2\n", {}, "MPATHa W1",
    ['0 ERROR: multiple bindings for alias "MPATHa" in bindings file on line 2, discarding binding to WWID W2'], true],
  ["the same line twice", "MPATHa W1\nMPATHa W1\n", {}, "MPATHa W1", ["2 duplicate line for alias MPATHa in bindings file on line 2"], false],
  // upstream keeps both silently; the note is ours
  ["duplicate WWID: both kept, in alias order", "MPATHc W1\nMPATHb W1\n", {}, "MPATHb W1|MPATHc W1",
    ["2 WWID W1 has several bindings in bindings file; MPATHb is used, MPATHc is not"], false],
  ["conflict with multipath.conf", "data W1\nMPATHa W2\n", { data: "W9" }, "MPATHa W2",
    ['0 ERROR: alias "data" for WWID W1 in bindings file on line 1 conflicts with multipath.conf entry for W9'], true],
  ["multipath.conf naming the same WWID is no conflict", "data W1\n", { data: "W1" }, "data W1", [], false],
];

describe("check_bindings_file", () => {
  const renumber = (note: string) => note.replace(/ (line|at) (\d+)\b/, (_, w: string, n: string) => ` ${w} ${Number(n) + AFTER_HEADER}`);
  for (const [name, body, mpe, used, notes, fix] of checks) {
    test(name, () => {
      const t = readBindingsText(H + body, new Map(Object.entries(mpe)));
      expect(t.bindings.map((b) => `${b.alias} ${b.wwid}`).join("|")).toBe(used);
      expect(t.notes.map((n) => `${n.level} ${n.message}`)).toEqual(notes.map(renumber));
      expect(t.needsFix).toBe(fix);
    });
  }
  test("a bad header: to be rewritten, lines numbered from the top as upstream", () => {
    const t = readBindingsText("MPATHa W1\nMPATHb\n");
    expect(t.notes.map((n) => `${n.level} ${n.message}`)).toEqual([
      "2 invalid header in bindings file, it will be rewritten", "1 invalid line 2 in bindings file, missing WWID",
    ]);
    expect(t.needsFix).toBe(true);
    expect(t.bindings).toEqual([{ alias: "MPATHa", wwid: "W1" }]);
  });
  test("check_alias_settings, writable: the conflict is dropped from the file", () => {
    const path = sandbox.file("MPATHa W1\nMPATHa W2\n");
    expect(checkBindingsFile(new Map(), { path })).toBe(true);
    expect(parseBindings(readFileSync(path, "latin1"))).toEqual([{ alias: "MPATHa", wwid: "W1" }]);
    expect(sandbox.log).toContain(updated(path));
  });
  test("check_alias_settings, read-only: the conflict is fatal and the file untouched", () => {
    const path = sandbox.file("MPATHa W1\nMPATHa W2\n");
    expect(checkBindingsFile(new Map(), { path, readOnly: true })).toBe(false);
    expect(sandbox.log).toContain(`0 ERROR: bad settings in read-only bindings file ${path}`);
    expect(readFileSync(path, "latin1")).toBe(`${H}MPATHa W1\nMPATHa W2\n`);
  });
});
