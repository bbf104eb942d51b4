import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DOCS_BEGIN, DOCS_END, renderKeywordReference } from "../../../src/config/keywordDocs.ts";
import { KEYWORDS } from "../../../src/config/index.ts";

test("docs/config.md carries the keyword reference generated from the keyword table", () => {
  const md = readFileSync(join(import.meta.dir, "../../../docs/config.md"), "utf8");
  const start = md.indexOf(DOCS_BEGIN);
  const end = md.indexOf(DOCS_END);
  expect(start).toBeGreaterThan(0);
  expect(md.slice(start, end + DOCS_END.length)).toBe(renderKeywordReference());
  for (const name of Object.keys(KEYWORDS)) expect(md).toContain(`| \`${name}\` |`);
});
