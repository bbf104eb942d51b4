// multipath.conf patterns are POSIX extended regular expressions compiled by
// glibc regcomp(REG_EXTENDED|REG_NOSUB): unanchored, case-sensitive, `.`
// matching newlines, backslash literal inside brackets. JavaScript's syntax
// differs in those corners, so patterns are translated before compiling.

const CLASS_MAP: Record<string, string> = {
  alpha: "A-Za-z",
  digit: "0-9",
  alnum: "0-9A-Za-z",
  upper: "A-Z",
  lower: "a-z",
  space: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  print: " -~",
  graph: "!-~",
  cntrl: "\\x00-\\x1f\\x7f",
  xdigit: "0-9A-Fa-f",
};

function escapeClassChar(c: string): string {
  return /[\\\]\[^-]/.test(c) ? `\\${c}` : c;
}

/** Translate a bracket expression starting at `i` (just after '['). */
function translateBracket(src: string, i: number): { out: string; next: number } | null {
  let out = "[";
  if (src[i] === "^") {
    out += "^";
    i++;
  }
  let first = true;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "]" && !first) return { out: `${out}]`, next: i + 1 };
    first = false;
    if (c === "[" && (src[i + 1] === ":" || src[i + 1] === "." || src[i + 1] === "=")) {
      const kind = src[i + 1]!;
      const end = src.indexOf(`${kind}]`, i + 2);
      if (end < 0) return null;
      const name = src.slice(i + 2, end);
      if (kind === ":") {
        const mapped = CLASS_MAP[name];
        if (mapped === undefined) return null;
        out += mapped;
      } else {
        if (name.length !== 1) return null;
        out += escapeClassChar(name);
      }
      i = end + 2;
      continue;
    }
    if (c === "-" ) {
      out += "-";
      i++;
      continue;
    }
    out += escapeClassChar(c);
    i++;
  }
  return null;
}

/** Translate a POSIX ERE into JavaScript regex source; null when invalid. */
export function translateEre(src: string): string | null {
  let out = "";
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "[") {
      const b = translateBracket(src, i + 1);
      if (!b) return null;
      out += b.out;
      i = b.next;
      continue;
    }
    if (c === "\\") {
      const n = src[i + 1];
      if (n === undefined) return null;
      if ("wWsSbB".includes(n)) out += `\\${n}`;
      else if (n === "<") out += "\\b(?=\\w)";
      else if (n === ">") out += "\\b(?<=\\w)";
      else if (n === "`") out += "^";
      else if (n === "'") out += "$";
      else if (/[1-9]/.test(n)) out += `\\${n}`;
      else out += /[A-Za-z0-9_]/.test(n) ? n : `\\${n}`;
      i += 2;
      continue;
    }
    if (c === "{") {
      // An interval only when well formed; glibc rejects other braces after an atom.
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
      if (!m) return null;
      out += m[0];
      i += m[0].length;
      continue;
    }
    if (c === "}" || c === "/") {
      out += `\\${c}`;
      i++;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

const cache = new Map<string, RegExp | null>();

/** Compile a POSIX ERE (cached); null when glibc would refuse it too (approximately). */
export function compileEre(src: string): RegExp | null {
  const hit = cache.get(src);
  if (hit !== undefined) return hit;
  let re: RegExp | null = null;
  const js = translateEre(src);
  if (js !== null) {
    try {
      re = new RegExp(js, "s");
    } catch {
      re = null;
    }
  }
  cache.set(src, re);
  return re;
}

/** regexec(...) == 0 for a valid pattern; false when the pattern does not compile. */
export function ereMatches(pattern: string, subject: string): boolean {
  const re = compileEre(pattern);
  return re !== null && re.test(subject);
}
