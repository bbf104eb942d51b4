// Cases of upstream tests/parser.c: how one line is split into tokens,
// whether it is accepted, and which value a keyword gets.
import { describe, expect, test } from "bun:test";
import { QUOTE, type Token, statementValue, tokenize, validateStatement } from "../../../src/config/index.ts";

const Q: Token = QUOTE;
function read(line: string) {
  const tokens = tokenize(line);
  if (!tokens) throw new Error("no tokens");
  const issues: string[] = [];
  const ok = validateStatement(tokens, (_l, m) => issues.push(m));
  return { tokens, ok, issues, value: statementValue(tokens) };
}

describe("statement tokenizing (upstream parser.c cases)", () => {
  const cases: [string, string, unknown[], string][] = [
    ["01 plain", "keyword value", ["keyword", "value"], "value"],
    ["02 quoted", 'keyword "value"', ["keyword", Q, "value", Q], "value"],
    ["03 trailing newline", "keyword value\n", ["keyword", "value"], "value"],
    ["04 blanks", "keyword \t   value   \t \n   ", ["keyword", "value"], "value"],
    ["05 ! comment", "keyword \t   value   \t ! comment  ", ["keyword", "value"], "value"],
    ["06 # comment", "keyword \t   value   # \n comment  ", ["keyword", "value"], "value"],
    ["07 extra word", "keyword \t   value   more  ", ["keyword", "value", "more"], "value"],
    ["08 spaces kept in quotes", 'keyword \t "  value   more  "', ["keyword", Q, "  value   more  ", Q], "  value   more  "],
    ["09 # in quotes", 'keyword "value # more"', ["keyword", Q, "value # more", Q], "value # more"],
    ["10 ! in quotes", 'keyword "value ! more"', ["keyword", Q, "value ! more", Q], "value ! more"],
    ["11 quote glued to keyword", 'keyword"value comment"', ["keyword", Q, "value comment", Q], "value comment"],
    ["12 quote inside a word", 'key"word"', ["key", Q, "word", Q], "word"],
    ["13 value then quoted", 'keyword value "quoted"', ["keyword", "value", Q, "quoted", Q], "value"],
    ["14 two quoted strings", 'keyword "value "  comment""', ["keyword", Q, "value ", Q, "comment", Q, Q], "value "],
    ["15 newline inside quotes", 'key"word  value\n  comment"', ["key", Q, "word  value\n  comment", Q], "word  value\n  comment"],
    ["16 doubled quote is a quote", 'keyword "2.5"" SSD"', ["keyword", Q, '2.5" SSD', Q], '2.5" SSD'],
    ["17 leading doubled quotes", 'keyword """"" is empty"', ["keyword", Q, '"" is empty', Q], '"" is empty'],
    ["18 only doubled quotes", 'keyword """"', ["keyword", Q, '"', Q], '"'],
    ["19 ! at start of quoted", 'key "!value"', ["key", Q, "!value", Q], "!value"],
    ["20 # at start of quoted", 'key "#value"', ["key", Q, "#value", Q], "#value"],
  ];
  for (const [name, line, tokens, value] of cases) {
    test(name, () => {
      const r = read(line);
      expect(r.tokens).toEqual(tokens as never);
      expect(r.ok).toBe(true);
      expect(r.value).toBe(value);
    });
  }

  test("blank and comment lines give no tokens", () => {
    expect(tokenize("   \t ")).toBeNull();
    expect(tokenize("  # comment")).toBeNull();
    expect(tokenize("! comment")).toBeNull();
    expect(tokenize("")).toBeNull();
  });
  test("non-ASCII bytes outside quotes separate tokens", () => {
    expect(tokenize("key\u00e9value")).toEqual(["key", "value"]);
    expect(tokenize('key "a\u00e9b"')).toEqual(["key", Q, "a\u00e9b", Q]);
  });
  test("braces are tokens of their own outside quotes", () => {
    expect(tokenize("defaults{")).toEqual(["defaults", "{"]);
    expect(tokenize('x "{"')).toEqual(["x", Q, "{", Q]);
  });
  test("empty quotes are an empty value", () => {
    expect(read('prio_args ""').value).toBe("");
  });
  test("a missing value drops the line", () => {
    const r = read("keyword");
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual(["missing value for option 'keyword'"]);
  });
  test("a missing closing quote is only a warning", () => {
    const r = read('keyword "value');
    expect(r.ok).toBe(true);
    expect(r.issues).toEqual(["missing closing quotes"]);
    expect(r.value).toBe("value");
  });
  test("two words between quotes cannot happen; a value after the closing quote is extra data", () => {
    const r = read('keyword "a" b');
    expect(r.ok).toBe(true);
    expect(r.issues).toEqual(["ignoring extra data starting with 'b'"]);
  });
  test("a keyword starting with { is invalid", () => {
    const r = read("{ foo");
    expect(r.ok).toBe(false);
    expect(r.issues[0]).toBe("invalid keyword '{'");
  });
  test("section keywords must be followed by {", () => {
    expect(read("defaults").issues).toEqual(["missing '{'"]);
    expect(read("devices x").issues).toEqual(["expecting '{'. found 'x'"]);
    expect(read("multipaths { x").issues).toEqual(["ignoring extra data starting with 'x'"]);
  });
});

test("the fast path for plain ASCII lines agrees with the general tokenizer", async () => {
  const { tokenizeGeneral } = await import("../../../src/config/tokenize.ts");
  const ALPHA = ["a", "b", "_", " ", "\t", "{", "}", "#", "!", "1", "-", "/", "\v", "\f", ".", "*", "\\", "\x01"];
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let i = 0; i < 20000; i++) {
    let line = "";
    const n = Math.floor(next() * 24);
    for (let j = 0; j < n; j++) line += ALPHA[Math.floor(next() * ALPHA.length)];
    expect({ line, t: tokenize(line) }).toEqual({ line, t: tokenizeGeneral(line) });
  }
});
