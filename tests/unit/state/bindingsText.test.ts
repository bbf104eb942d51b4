// The bindings file's bad input, line by line: upstream's messages (alias.c,
// same words in 0.9.4 and 0.14), what is used, and what a rewrite keeps.
import { describe, expect, test } from "bun:test";
import { BINDINGS_HEADER, formatBindingsText, readBindingsText } from "../../../src/state/bindingsText.ts";

const H = BINDINGS_HEADER;
const first = H.split("\n").length; // the line number after the header
const msgs = (t: ReturnType<typeof readBindingsText>) => t.notes.map((n) => `${n.level} ${n.message}`);

describe("bindings file: bad lines", () => {
  test("a clean file: no notes, nothing to fix, nothing kept", () => {
    const t = readBindingsText(`${H}mpatha W1\nmpathb W2\n`);
    expect(t.bindings).toEqual([{ alias: "mpatha", wwid: "W1" }, { alias: "mpathb", wwid: "W2" }]);
    expect(t.notes).toEqual([]);
    expect(t.needsFix).toBe(false);
    expect(t.kept).toEqual([]);
  });
  test("missing WWID, extra words, over-long WWID: upstream's messages with the file's line numbers", () => {
    const t = readBindingsText(`${H}mpatha\nmpathb W2 junk\nmpathc ${"x".repeat(128)}\nmpathd W4\n`);
    expect(msgs(t)).toEqual([
      `1 invalid line ${first} in bindings file, missing WWID`,
      `1 invalid line ${first + 1} in bindings file, extra args "junk"`,
      `3 Ignoring too large wwid at ${first + 2} in bindings file`,
    ]);
    expect(t.bindings.map((b) => b.alias)).toEqual(["mpathb", "mpathd"]);
    expect(t.needsFix).toBe(false); // upstream rewrites only for conflicts and the header
    expect(t.kept).toEqual([
      "# discarded (missing WWID): mpatha",
      "# as written: mpathb W2 junk",
      `# discarded (WWID too long): mpathc ${"x".repeat(128)}`,
    ]);
  });
  test("one alias, two WWIDs: the first stays, the second is reported, discarded and kept as a comment", () => {
    const t = readBindingsText(`${H}mpatha W1\nmpatha W2\n`);
    expect(msgs(t)).toEqual([`0 ERROR: multiple bindings for alias "mpatha" in bindings file on line ${first + 1}, discarding binding to WWID W2`]);
    expect(t.bindings).toEqual([{ alias: "mpatha", wwid: "W1" }]);
    expect(t.needsFix && t.conflicts).toBe(true);
    expect(t.kept).toEqual(["# discarded (mpatha is bound to W1): mpatha W2"]);
  });
  test("a binding against a multipath.conf alias loses; the same pair again is a duplicate line", () => {
    const t = readBindingsText(`${H}data W1\nmpatha W2\nmpatha W2\n`, new Map([["data", "W9"]]));
    expect(msgs(t)).toEqual([
      `0 ERROR: alias "data" for WWID W1 in bindings file on line ${first} conflicts with multipath.conf entry for W9`,
      `2 duplicate line for alias mpatha in bindings file on line ${first + 2}`,
    ]);
    expect(t.bindings).toEqual([{ alias: "mpatha", wwid: "W2" }]);
    expect(t.conflicts).toBe(true);
  });
  test("one WWID, two aliases: both kept, the first in alias order is used, and said so", () => {
    const t = readBindingsText(`${H}mpathb W1\nmpatha W1\n`);
    expect(t.bindings).toEqual([{ alias: "mpatha", wwid: "W1" }, { alias: "mpathb", wwid: "W1" }]);
    expect(msgs(t)).toEqual(["2 WWID W1 has several bindings in bindings file; mpatha is used, mpathb is not"]);
    expect(t.needsFix).toBe(false);
  });
  test("no header (an empty or foreign file): reported, to be rewritten; the lines still count", () => {
    const t = readBindingsText("# my notes\nmpatha W1\n", new Map(), "/etc/multipath/bindings");
    expect(msgs(t)).toEqual(["2 invalid header in /etc/multipath/bindings, it will be rewritten"]);
    expect(t.needsFix).toBe(true);
    expect(t.conflicts).toBe(false);
    expect(t.bindings).toEqual([{ alias: "mpatha", wwid: "W1" }]);
    expect(t.kept).toEqual(["# my notes"]);
    expect(readBindingsText("").needsFix).toBe(true);
  });
  test("binary garbage (a torn or damaged line) is reported and kept in readable form", () => {
    const t = readBindingsText(`${H}mpatha W1\n\x00\x00\x01garbage W2\n`);
    expect(msgs(t)).toEqual([`1 invalid line ${first + 1} in bindings file, unprintable characters`]);
    expect(t.bindings).toEqual([{ alias: "mpatha", wwid: "W1" }]);
    expect(t.kept).toEqual(["# discarded (unprintable characters): \\u0000\\u0000\\u0001garbage W2"]);
  });
  test("CRLF line ends and trailing comments", () => {
    const t = readBindingsText(`${H}mpatha W1\r\nmpathb W2 # moved from host2\n`);
    expect(t.bindings).toEqual([{ alias: "mpatha", wwid: "W1" }, { alias: "mpathb", wwid: "W2" }]);
    expect(t.kept).toEqual(["# as written: mpathb W2 # moved from host2"]);
  });
});

describe("bindings file: rewriting loses nothing", () => {
  test("a rewrite of a damaged file, read again, gives the same bindings and keeps every line", () => {
    const damaged = `mpathc W3\n# kept comment\nmpatha W1\nmpatha W2\nmpathb\n\x07 W7\nmpathd W4 extra\n`;
    const t = readBindingsText(damaged);
    const rewritten = formatBindingsText(t.bindings, t.kept);
    const again = readBindingsText(rewritten);
    expect(again.bindings).toEqual(t.bindings);
    expect(again.notes).toEqual([]);
    expect(again.needsFix).toBe(false);
    // every input line is still in the file, as a binding or a comment
    for (const l of ["mpathc W3", "# kept comment", "mpatha W1", "mpatha W2", "mpathb", "mpathd W4 extra"]) {
      expect(rewritten).toContain(l);
    }
    expect(rewritten).toContain("\\u0007 W7");
    // and rewriting again changes nothing
    expect(formatBindingsText(again.bindings, again.kept)).toBe(rewritten);
  });
});
