// multipath.conf as Red Hat's mpathconf sees it: lines, and section bodies
// found as its sed ranges do (a header at column 0, up to the next line
// starting with "}"); every matching section counts.
export const TEMPLATE = [
  "# device-mapper-multipath configuration file", "",
  "# For a complete list of the default configuration values, run either:", "# # multipath -t", "# or",
  "# # multipathd show config", "", "# For a list of configuration options with descriptions, see the",
  "# multipath.conf man page.", "", "defaults {", "\tuser_friendly_names yes", "\tfind_multipaths on", "}", "",
  "blacklist {", "}",
].join("\n") + "\n";

export type Section = "defaults" | "blacklist" | "blacklist_exceptions";

/** [header index, end index (the "}" line, or lines.length)] of every such section. */
export function sectionRanges(lines: readonly string[], name: Section): [number, number][] {
  const header = new RegExp(`^${name}[ \\t]*\\{`);
  const out: [number, number][] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!header.test(lines[i]!)) continue;
    let end = i + 1;
    while (end < lines.length && !lines[end]!.startsWith("}")) end++;
    out.push([i, end]);
    i = end;
  }
  return out;
}

export function hasSection(lines: readonly string[], name: Section): boolean {
  return sectionRanges(lines, name).length > 0;
}

/** Indices of body lines of every `name` section matching `re`. */
export function findInSection(lines: readonly string[], name: Section, re: RegExp): number[] {
  const out: number[] = [];
  for (const [h, e] of sectionRanges(lines, name)) for (let i = h + 1; i < e; i++) if (re.test(lines[i]!)) out.push(i);
  return out;
}

/** Insert `line` right after every `name` header (later inserts come first, as sed's "a" does). */
export function insertAfterHeaders(lines: string[], name: Section, line: string): void {
  for (const [h] of sectionRanges(lines, name).reverse()) lines.splice(h + 1, 0, line);
}

export function firstToken(line: string, key: string): string | undefined {
  const m = line.match(new RegExp(`^\\s*${key}\\s+(\\S+)`));
  return m?.[1];
}
