// multipath.conf as Red Hat's mpathconf edits it: a list of lines handled
// the way grep, sed and shell appends handle them. Section bodies are
// sed ranges (a header at column 0 up to the next line starting with "}"),
// inserts follow every header line, and a file without a final newline keeps
// that property until something is appended after its last line. Text is
// kept as byte strings (latin1), so no byte of the file changes by accident.

/** POSIX classes as the script's regexes use them (C locale). */
export const SP = "[ \\t\\n\\v\\f\\r]"; // [[:space:]]
export const BL = "[ \\t]"; // [[:blank:]]

export type Doc = { lines: string[]; finalNewline: boolean };

export type SectionName = "defaults" | "blacklist" | "blacklist_exceptions";

export const header = (name: SectionName): RegExp => new RegExp(`^${name}${SP}*\\{`);
const END = /^\}/;

export function parseDoc(text: string): Doc {
  if (text === "") return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith("\n");
  const lines = (finalNewline ? text.slice(0, -1) : text).split("\n");
  return { lines, finalNewline };
}

export function renderDoc(doc: Doc): string {
  if (!doc.lines.length) return "";
  return doc.lines.join("\n") + (doc.finalNewline ? "\n" : "");
}

/** Appending to the file: bytes added at the end, whatever the last line was. */
export function appendText(doc: Doc, text: string): void {
  const next = parseDoc(renderDoc(doc) + text);
  doc.lines = next.lines;
  doc.finalNewline = next.finalNewline;
}

/** Line indices inside the sed range `/header/,/^}/`, every occurrence. */
export function rangeLines(doc: Doc, name: SectionName): number[] {
  const start = header(name);
  const out: number[] = [];
  let inside = false;
  doc.lines.forEach((line, i) => {
    if (!inside) {
      if (!start.test(line)) return;
      inside = true;
      out.push(i);
      return;
    }
    out.push(i);
    if (END.test(line)) inside = false;
  });
  return out;
}

/** Whether any line of the section ranges (header and closing line included) matches. */
export function grepSection(doc: Doc, name: SectionName, re: RegExp): boolean {
  return rangeLines(doc, name).some((i) => re.test(doc.lines[i]!));
}

/** Whether any line of the file matches. */
export const grepFile = (doc: Doc, re: RegExp): boolean => doc.lines.some((l) => re.test(l));

/** sed's substitution over the section ranges: the first match on each line is replaced. */
export function substituteInSection(doc: Doc, name: SectionName, re: RegExp, repl: (match: RegExpExecArray) => string): void {
  for (const i of rangeLines(doc, name)) {
    const line = doc.lines[i]!;
    const m = re.exec(line);
    if (m) doc.lines[i] = line.slice(0, m.index) + repl(m) + line.slice(m.index + m[0].length);
  }
}

/** sed's delete over the section ranges: every matching line goes. */
export function deleteInSection(doc: Doc, name: SectionName, re: RegExp): void {
  const drop = new Set(rangeLines(doc, name).filter((i) => re.test(doc.lines[i]!)));
  if (!drop.size) return;
  // a deleted last line leaves the one before it, which had its newline
  if (drop.has(doc.lines.length - 1)) doc.finalNewline = true;
  doc.lines = doc.lines.filter((_, i) => !drop.has(i));
}

/** sed's append addressed by the header: a line after every header line, inside a section or not. */
export function appendAfterHeaders(doc: Doc, name: SectionName, text: string): void {
  const start = header(name);
  const out: string[] = [];
  let last = false;
  for (const line of doc.lines) {
    out.push(line);
    last = start.test(line);
    if (last) out.push(text);
  }
  // sed supplies the newline a last line lacked before appended text
  if (last) doc.finalNewline = true;
  doc.lines = out;
}

/** The text of an `a\` command as GNU sed prints it: a backslash quotes the next character. */
export const sedText = (s: string): string => s.replace(/\\(.)/gs, "$1");
