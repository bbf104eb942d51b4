import { describe, expect, test } from "bun:test";
import { HANDLERS, fingerprint } from "../../../src/daemon/cli/handlers.ts";
import { KEY, VERB, findKeyword } from "../../../src/daemon/cli/keywords.ts";
import { helpText, param, parseCommand } from "../../../src/daemon/cli/parse.ts";

describe("multipathd command keywords", () => {
  test("exact words, unique prefixes, ambiguity", () => {
    expect(findKeyword("show")?.code).toBe(VERB.LIST);
    expect(findKeyword("sho")?.code).toBe(VERB.LIST);
    expect(findKeyword("sh")).toBeNull(); // show / shutdown
    expect(findKeyword("disable")?.code).toBe(VERB.DISABLEQ);
    expect(findKeyword("map")?.code).toBe(KEY.MAP); // exact beats the prefix of maps
    expect(findKeyword("multipath")?.code).toBe(KEY.MAP);
    expect(findKeyword("bogus")).toBeNull();
  });
  test("fingerprints are one byte per keyword, at most four", () => {
    expect(fingerprint([VERB.LIST, KEY.PATHS])).toBe(1 | (66 << 8));
    expect(fingerprint([1, 2, 3, 4, 5])).toBe(0);
    expect(new Set(HANDLERS.map((h) => fingerprint(h.codes))).size).toBe(HANDLERS.length);
  });
});

describe("parsing command lines", () => {
  test("show paths, with aliases and prefixes", () => {
    for (const line of ["show paths", "list paths", "sho paths", "show paths \n"]) {
      const r = parseCommand(line);
      expect(r.ok && r.handler.name).toBe("list-paths");
    }
  });
  test("parameters take the next word, quoted words stay whole", () => {
    const r = parseCommand('show paths format "%d %w %t"');
    expect(r.ok && r.handler.name).toBe("list-paths-fmt");
    expect(r.ok && param(r.params, KEY.FMT)).toBe("%d %w %t");
    const m = parseCommand("switchgroup map mpatha group 2");
    expect(m.ok && m.handler.name).toBe("switch-group");
    expect(m.ok && [param(m.params, KEY.MAP), param(m.params, KEY.GROUP)]).toEqual(["mpatha", "2"]);
  });
  test("word order matters only through the fingerprint", () => {
    expect(parseCommand("map mpatha show").ok).toBe(false);
    const r = parseCommand("show map mpatha json");
    expect(r.ok && r.handler.name).toBe("list-map-json");
  });
  test("errors as upstream classifies them", () => {
    expect(parseCommand("show bogus")).toMatchObject({ ok: false, error: "not-found-last" });
    expect(parseCommand("bogus paths")).toMatchObject({ ok: false, error: "not-found" });
    expect(parseCommand("show map")).toMatchObject({ ok: false, error: "missing-argument" });
    expect(parseCommand("show maps list")).toMatchObject({ ok: false, error: "no-handler" });
  });
  test("only list/show commands are read-only", () => {
    expect(HANDLERS.filter((h) => h.readOnly).every((h) => h.codes[0] === VERB.LIST)).toBe(true);
    expect(HANDLERS.find((h) => h.name === "getprkey")!.readOnly).toBe(false);
    expect(HANDLERS.find((h) => h.name === "list-daemon")!.locked).toBe(false);
  });
});

describe("help text", () => {
  const text = helpText("show bogus\n", "not-found-last", "multipath-tools v0.14.3 (02/05, 2026)\n", HANDLERS);
  const lines = text.split("\n");
  test("reason line carries the raw command, then version and title", () => {
    expect(lines[0]).toBe("show bogus");
    expect(lines[1]).toBe(": not found");
    expect(lines[2]).toBe("multipath-tools v0.14.3 (02/05, 2026)");
    expect(lines[3]).toBe("CLI commands reference:");
  });
  test("one line per command, aliases and $parameters", () => {
    expect(lines[4]).toBe(" list|show paths");
    expect(text).toContain("\n list|show paths raw format $format\n");
    expect(text).toContain("\n switch|switchgroup map|multipath $map group $group\n");
    expect(text).toContain("\n remove|del maps|multipaths\n");
    expect(lines.filter((l) => l.startsWith(" ")).length).toBe(HANDLERS.length);
  });
});

test("an ambiguous prefix is not a keyword", () => {
  expect(parseCommand("show pat")).toMatchObject({ ok: false, error: "not-found-last" });
});
