// multipath.conf patterns are POSIX extended regular expressions compiled by
// glibc regcomp(REG_EXTENDED|REG_NOSUB): unanchored, case-sensitive, `.`
// matching newlines, backslash literal inside brackets, stacked repetitions
// allowed, a lone `)` literal. JavaScript's syntax differs in those corners,
// so patterns are translated (and refused where glibc refuses them).

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

/** glibc's RE_DUP_MAX */
const DUP_MAX = 32767;

const classChar = (c: string): string => (/[\\\]\[^-]/.test(c) ? `\\${c}` : c);

type BracketItem = { kind: "char"; c: string } | { kind: "class"; js: string };

/** A bracket expression starting just after '['; null when glibc would refuse it. */
function translateBracket(src: string, start: number): { out: string; next: number } | null {
  let i = start;
  let out = "[";
  if (src[i] === "^") {
    out += "^";
    i++;
  }
  const items: BracketItem[] = [];
  let first = true;
  for (;;) {
    if (i >= src.length) return null;
    const c = src[i]!;
    if (c === "]" && !first) {
      i++;
      break;
    }
    first = false;
    if (c === "[" && (src[i + 1] === ":" || src[i + 1] === "." || src[i + 1] === "=")) {
      const kind = src[i + 1]!;
      const end = src.indexOf(`${kind}]`, i + 2);
      if (end < 0) return null;
      const name = src.slice(i + 2, end);
      if (kind === ":") {
        const js = CLASS_MAP[name];
        if (js === undefined) return null;
        items.push({ kind: "class", js });
      } else {
        if (name.length !== 1) return null;
        items.push({ kind: "char", c: name });
      }
      i = end + 2;
      continue;
    }
    items.push({ kind: "char", c });
    i++;
  }
  // ranges: a '-' between two single characters; '-' first or last is literal
  for (let k = 0; k < items.length; k++) {
    const it = items[k]!;
    const dash = items[k + 1];
    const hi = items[k + 2];
    if (dash?.kind === "char" && dash.c === "-" && hi !== undefined && k + 2 < items.length) {
      if (it.kind !== "char" || hi.kind !== "char") return null;
      if (it.c.charCodeAt(0) > hi.c.charCodeAt(0)) return null;
      out += `${classChar(it.c)}-${classChar(hi.c)}`;
      k += 2;
      continue;
    }
    out += it.kind === "class" ? it.js : classChar(it.c);
  }
  return { out: `${out}]`, next: i };
}

/** Translate a POSIX ERE into JavaScript regex source; null when glibc refuses it. */
export function translateEre(src: string): string | null {
  let out = "";
  let i = 0;
  /** output index where the last quantifiable atom starts; -1 when none may be repeated */
  let atomStart = -1;
  let lastWasQuantifier = false;
  let groupsOpened = 0;
  const closedGroups = new Set<number>();
  /** open groups: number and output index of their '(' */
  const open: { n: number; at: number }[] = [];

  const atom = (js: string) => {
    atomStart = out.length;
    out += js;
    lastWasQuantifier = false;
  };
  const anchor = (js: string) => {
    out += js;
    atomStart = -1;
    lastWasQuantifier = false;
  };
  const quantifier = (js: string): boolean => {
    if (atomStart < 0) return false;
    if (lastWasQuantifier) out = `${out.slice(0, atomStart)}(?:${out.slice(atomStart)})`;
    out += js;
    lastWasQuantifier = true;
    return true;
  };

  while (i < src.length) {
    const c = src[i]!;
    switch (c) {
      case "[": {
        const b = translateBracket(src, i + 1);
        if (!b) return null;
        atom(b.out);
        i = b.next;
        continue;
      }
      case "(":
        groupsOpened++;
        open.push({ n: groupsOpened, at: out.length });
        out += "(";
        atomStart = -1;
        lastWasQuantifier = false;
        i++;
        continue;
      case ")": {
        const g = open.pop();
        if (g === undefined) {
          atom("\\)"); // glibc takes an unmatched ')' literally
          i++;
          continue;
        }
        closedGroups.add(g.n);
        out += ")";
        // the group is the atom a following quantifier applies to
        atomStart = g.at;
        lastWasQuantifier = false;
        i++;
        continue;
      }
      case "|":
        out += "|";
        atomStart = -1;
        lastWasQuantifier = false;
        i++;
        continue;
      case "^":
        anchor("^");
        i++;
        continue;
      case "$":
        anchor("$");
        i++;
        continue;
      case "*":
      case "+":
      case "?":
        if (!quantifier(c)) return null;
        i++;
        continue;
      case "{": {
        const m = /^\{(\d*)(,(\d*))?\}/.exec(src.slice(i));
        if (!m || (m[1] === "" && m[2] === undefined)) return null;
        const lo = m[1] === "" ? 0 : Number(m[1]);
        const hi = m[2] === undefined ? lo : m[3] === "" ? Infinity : Number(m[3]);
        if (lo > DUP_MAX || (hi !== Infinity && (hi > DUP_MAX || hi < lo))) return null;
        if (!quantifier(`{${lo}${m[2] === undefined ? "" : `,${hi === Infinity ? "" : hi}`}}`)) return null;
        i += m[0].length;
        continue;
      }
      case "\\": {
        const n = src[i + 1];
        if (n === undefined) return null;
        i += 2;
        if (n === "b" || n === "B") anchor(`\\${n}`);
        else if (n === "<") anchor("\\b(?=\\w)");
        else if (n === ">") anchor("\\b(?<=\\w)");
        else if (n === "`") anchor("^");
        else if (n === "'") anchor("$");
        else if ("wWsS".includes(n)) atom(`\\${n}`);
        else if (/[1-9]/.test(n)) {
          if (!closedGroups.has(Number(n))) return null;
          atom(`\\${n}`);
        } else atom(/[A-Za-z0-9_]/.test(n) ? n : `\\${n}`);
        continue;
      }
      case ".":
        atom(".");
        i++;
        continue;
      default:
        atom(/[}\]/]/.test(c) ? `\\${c}` : c);
        i++;
    }
  }
  if (open.length > 0) return null;
  return out;
}

const cache = new Map<string, RegExp | null>();

/** Compile a POSIX ERE (cached); null when glibc would refuse it. */
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
