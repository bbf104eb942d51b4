// Cases in the spirit of upstream's tests/alias.c: name formatting and
// scanning, the lowest free id, the file format.
import { describe, expect, test } from "bun:test";
import { type Binding, formatBindings, formatDevname, freeId, parseBindings, scanDevname, sortBindings } from "../../../src/state/bindings.ts";

describe("user friendly names", () => {
  const cases: [number, string][] = [[1, "a"], [26, "z"], [27, "aa"], [28, "ab"], [52, "az"], [53, "ba"], [702, "zz"],
    [703, "aaa"], [18278, "zzz"], [18279, "aaaa"], [Number(2 ** 31 - 1), "fxshrxw"]];
  for (const [id, name] of cases) {
    test(`${id} <-> ${name}`, () => {
      expect(formatDevname(id)).toBe(name);
      expect(scanDevname(`mpath${name}`, "mpath")).toBe(id);
    });
  }
  test("names that do not scan", () => {
    expect(scanDevname("mpath", "mpath")).toBe(-1); // no letters
    expect(scanDevname("mpathA", "mpath")).toBe(-1);
    expect(scanDevname("mpatha1", "mpath")).toBe(-1);
    expect(scanDevname("other_a", "mpath")).toBe(-1);
    expect(scanDevname("mpathaaaaaaaa", "mpath")).toBe(-1); // 8 letters overflow
  });
});

const b = (...pairs: [string, string][]): Binding[] => sortBindings(pairs.map(([alias, wwid]) => ({ alias, wwid })));
const none = () => false;

describe("get_free_id", () => {
  test("empty bindings: 1", () => expect(freeId([], "mpath", none)).toBe(1));
  test("gap at the start", () => expect(freeId(b(["mpathb", "W1"]), "mpath", none)).toBe(1));
  test("next after a run", () => expect(freeId(b(["mpatha", "W1"], ["mpathb", "W2"]), "mpath", none)).toBe(3));
  test("a gap in the middle", () => expect(freeId(b(["mpatha", "W1"], ["mpathc", "W2"]), "mpath", none)).toBe(2));
  test("other prefixes and odd names are ignored", () => {
    expect(freeId(b(["mpatha", "W1"], ["data1", "W2"], ["mpathB", "W3"]), "mpath", none)).toBe(2);
  });
  test("names taken by maps of other WWIDs are skipped", () => {
    expect(freeId([], "mpath", (a) => a === "mpatha" || a === "mpathb")).toBe(3);
    expect(freeId(b(["mpathc", "W1"]), "mpath", (a) => a === "mpatha")).toBe(2);
  });
  test("sorted by length then name: mpathz before mpathaa", () => {
    expect(sortBindings([{ alias: "mpathaa", wwid: "1" }, { alias: "mpathz", wwid: "2" }]).map((x) => x.alias)).toEqual(["mpathz", "mpathaa"]);
    const ids = Array.from({ length: 27 }, (_, i) => [`mpath${formatDevname(i + 1)}`, `W${i}`] as [string, string]);
    expect(freeId(b(...ids), "mpath", none)).toBe(28);
  });
});

describe("bindings file", () => {
  test("format: header, sorted entries", () => {
    const text = formatBindings(b(["mpathb", "W2"], ["mpatha", "W1"]));
    expect(text).toBe("# Multipath bindings, Version : 1.0\n# NOTE: this file is automatically maintained by the multipath program.\n" +
      "# You should not need to edit this file in normal circumstances.\n#\n# Format:\n# alias wwid\n#\nmpatha W1\nmpathb W2\n");
    expect(parseBindings(text)).toEqual(b(["mpatha", "W1"], ["mpathb", "W2"]));
  });
  test("comments, blank lines, missing WWIDs and duplicates", () => {
    // as 0.14: an alias bound twice keeps its first WWID; a WWID may keep
    // two aliases (the first in alias order is used)
    const text = "# c\n\nmpatha W1 # trailing\nmpathb\nmpathc W1\nmpatha W9\n  mpathd\tW4 extra\n";
    expect(parseBindings(text)).toEqual(b(["mpatha", "W1"], ["mpathc", "W1"], ["mpathd", "W4"]));
  });
  test("over-long WWIDs are skipped", () => {
    expect(parseBindings(`mpatha ${"x".repeat(200)}\nmpathb W2\n`)).toEqual(b(["mpathb", "W2"]));
  });
});
