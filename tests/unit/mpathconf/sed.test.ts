// The grep/sed behaviour mpathconf's edits rest on, piece by piece (the
// table in table.test.ts checks the whole against Red Hat's script).
import { describe, expect, test } from "bun:test";
import { breToJs, sedReplacement } from "../../../src/mpathconf/bre.ts";
import {
  appendAfterHeaders, appendText, deleteInSection, parseDoc, rangeLines, renderDoc, sedText, substituteInSection,
} from "../../../src/mpathconf/lines.ts";

const bre = (frag: string, atEnd = false) => new RegExp(`^${breToJs(frag, atEnd)}`, "s");

describe("GNU BRE fragments", () => {
  test("plain names match literally; . is any character, [..] a class", () => {
    expect(bre("max_fds").test("max_fds")).toBe(true);
    expect(bre("path.checker").test("path_checker")).toBe(true);
    expect(bre("max_f[a-z]s").test("max_fds")).toBe(true);
    expect(bre("a+b").test("a+b")).toBe(true);
    expect(bre("a+b").test("aab")).toBe(false);
  });
  test("\\( \\| \\) group, a leading * repeats what comes before, a final $ anchors only at the end", () => {
    expect(bre("\\(a\\|b\\)c").test("bc")).toBe(true);
    expect(breToJs("*x", false)).toBe("x");
    expect(bre("10$", true).test("100")).toBe(false);
    expect(bre("10$", false).test("10$")).toBe(true);
  });
  test("sed's replacement: & is the match, \\& a literal &", () => {
    const m = /b+/.exec("abbc")!;
    expect(sedReplacement("<&>", m)).toBe("<bb>");
    expect(sedReplacement("<\\&>", m)).toBe("<&>");
    expect(sedText("a\\b\\\\c")).toBe("ab\\c");
  });
});

describe("lines as sed sees them", () => {
  test("a range runs from a column-0 header to the next line starting with }, every occurrence", () => {
    const d = parseDoc("defaults {\n  x\n  }\n y\n}\n z\ndefaults {\n w\n");
    expect(rangeLines(d, "defaults")).toEqual([0, 1, 2, 3, 4, 6, 7]);
    expect(rangeLines(parseDoc("  defaults {\n}\n"), "defaults")).toEqual([]);
  });
  test("appending after a last line without a newline gives it one; other edits keep its absence", () => {
    const d = parseDoc("defaults {\n}\nblacklist {");
    substituteInSection(d, "defaults", /x/, () => "y");
    expect(renderDoc(d)).toBe("defaults {\n}\nblacklist {");
    appendAfterHeaders(d, "blacklist", '\tdevnode ".*"');
    expect(renderDoc(d)).toBe('defaults {\n}\nblacklist {\n\tdevnode ".*"\n');
  });
  test("cat >> appends bytes: after a missing newline the new text joins the last line's end", () => {
    const d = parseDoc("# only a comment");
    appendText(d, "\nblacklist {\n}\n");
    expect(renderDoc(d)).toBe("# only a comment\nblacklist {\n}\n");
  });
  test("deleting the last line leaves the one before with its newline", () => {
    const d = parseDoc("defaults {\n x 1\n x 2");
    deleteInSection(d, "defaults", /^ x/);
    expect(renderDoc(d)).toBe("defaults {\n");
  });
});
