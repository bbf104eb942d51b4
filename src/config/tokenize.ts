// Line reading and tokenizing as the C parser does it. Text here is "byte
// text": one JS char per file byte (latin1), so non-ASCII bytes keep their
// identity and values are written back unchanged.

/** fgets() buffer size in the C parser: longer lines are cut into pieces. */
export const MAX_LINE = 1024;

/** A quote token: distinct from a value token that happens to be `"`. */
export const QUOTE = Symbol("quote");
export type Token = string | typeof QUOTE;

export type RawLine = { line: number; text: string };

/** Split file bytes into the lines the C parser sees, numbered as it numbers them. */
export function splitLines(bytes: string): RawLine[] {
  const out: RawLine[] = [];
  let pos = 0;
  let n = 0;
  // the common case: no NUL or CR anywhere, so a line ends at its newline
  const plain = !bytes.includes("\0") && !bytes.includes("\r");
  while (pos < bytes.length) {
    const nl = bytes.indexOf("\n", pos);
    const lineEnd = nl < 0 ? bytes.length : nl + 1;
    const end = Math.min(lineEnd, pos + MAX_LINE - 1);
    if (plain) {
      out.push({ line: ++n, text: bytes.slice(pos, end === lineEnd && nl >= 0 ? nl : end) });
      pos = end;
      continue;
    }
    let chunk = bytes.slice(pos, end);
    pos = end;
    n++;
    // A C string ends at the first NUL; strtok(buf, "\n\r") then cuts the
    // first token at the first CR/LF after any leading CR/LF.
    const nul = chunk.indexOf("\0");
    if (nul >= 0) chunk = chunk.slice(0, nul);
    let lead = 0;
    while (lead < chunk.length && (chunk[lead] === "\n" || chunk[lead] === "\r")) lead++;
    const m = /[\r\n]/.exec(chunk.slice(lead));
    if (m) chunk = chunk.slice(0, lead + m.index);
    out.push({ line: n, text: chunk });
  }
  return out;
}

function isSpace(c: string): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\v" || c === "\f" || c === "\r";
}
function isBlankOrHigh(c: string): boolean {
  return isSpace(c) || c.charCodeAt(0) > 0x7f;
}

/** ASCII without quotes: whitespace-separated words and braces, up to a comment */
const SIMPLE_LINE = /^[^"\x80-\xff]*$/;
const SIMPLE_TOKEN = /[{}]|[^ \t\n\v\f\r{}]+/g;

/** Tokenize one line; null for blank and comment lines. */
export function tokenize(text: string): Token[] | null {
  if (SIMPLE_LINE.test(text)) {
    const hash = text.indexOf("#");
    const bang = text.indexOf("!");
    const cut = hash < 0 ? bang : bang < 0 ? hash : Math.min(hash, bang);
    const tokens = (cut < 0 ? text : text.slice(0, cut)).match(SIMPLE_TOKEN);
    return tokens ?? null;
  }
  return tokenizeGeneral(text);
}

/** The C tokenizer's walk, character by character (quotes, non-ASCII bytes). */
export function tokenizeGeneral(text: string): Token[] | null {
  let i = 0;
  const len = text.length;
  while (i < len && isBlankOrHigh(text[i]!)) i++;
  if (i >= len) return null;
  if (text[i] === "!" || text[i] === "#") return null;
  const tokens: Token[] = [];
  let inString = false;
  for (;;) {
    const c = text[i];
    if (c === '"' && !(inString && text[i + 1] === '"')) {
      i++;
      tokens.push(QUOTE);
      inString = !inString;
    } else if (!inString && (c === "{" || c === "}")) {
      tokens.push(c);
      i++;
    } else {
      const start = i;
      let twoQuotes = false;
      for (;;) {
        while (i < len) {
          const d = text[i]!;
          if (d === '"') break;
          if (!inString && (isBlankOrHigh(d) || d === "!" || d === "#" || d === "{" || d === "}")) break;
          i++;
        }
        if (inString && text[i] === '"' && text[i + 1] === '"') {
          twoQuotes = true;
          i += 2;
          continue;
        }
        break;
      }
      let tok = text.slice(start, i);
      if (twoQuotes) tok = tok.replaceAll('""', '"');
      tokens.push(tok);
    }
    while (!inString && i < len && isBlankOrHigh(text[i]!)) i++;
    if (i >= len || (!inString && (text[i] === "!" || text[i] === "#"))) return tokens;
  }
}
