// Red Hat's mpathconf pastes the --option name and value into grep and sed
// patterns, so they match as GNU basic regular expressions: "." is any
// character, "[...]" a class, "\(" a group. This turns such a fragment into
// the same JavaScript regex source (used with the "s" flag, so "." also
// matches "\r" as it does for grep).

const CLASSES: Record<string, string> = {
  alpha: "A-Za-z", digit: "0-9", alnum: "A-Za-z0-9", upper: "A-Z", lower: "a-z", space: " \\t\\n\\v\\f\\r",
  blank: " \\t", punct: "!-\\/:-@\\[-`{-~", print: " -~", graph: "!-~", cntrl: "\\x00-\\x1f\\x7f", xdigit: "0-9A-Fa-f",
};

const escapeJs = (c: string) => (/[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c);

/** `[...]` starting at s[i]; returns the JS class and the index after it, or null when unterminated. */
function bracket(s: string, i: number): [string, number] | null {
  let j = i + 1;
  let out = "[";
  if (s[j] === "^") (out += "^"), j++;
  let first = true;
  for (; j < s.length; j++) {
    const c = s[j]!;
    if (c === "]" && !first) return [out + "]", j + 1];
    first = false;
    const cls = c === "[" && s[j + 1] === ":" ? s.slice(j + 2).match(/^([a-z]+):\]/) : null;
    if (cls && CLASSES[cls[1]!]) {
      out += CLASSES[cls[1]!];
      j += cls[0].length + 1;
    } else out += c === "\\" || c === "]" || c === "[" ? `\\${c}` : c;
  }
  return null;
}

/**
 * `fragment` as a BRE piece placed after something that can repeat (the
 * script puts names after `[[:space:]]*`), so a leading "*" adds nothing.
 * `atEnd`: the fragment ends the whole pattern, so a trailing "$" anchors.
 */
export function breToJs(fragment: string, atEnd: boolean): string {
  let out = "";
  let canRepeat = true; // the piece before is repeatable (so "*" is an operator)
  let starred = true; // it already has a "*" (at the start: the script's [[:space:]]*)
  for (let i = 0; i < fragment.length; i++) {
    const c = fragment[i]!;
    if (c === "\\" && i + 1 < fragment.length) {
      const n = fragment[++i]!;
      starred = false;
      const op: Record<string, string> = { "(": "(", ")": ")", "|": "|", "?": "?", "+": "+", w: "\\w", W: "\\W", s: "\\s", S: "\\S", b: "\\b", "<": "\\b", ">": "\\b", n: "\\n" };
      if (n === "(" || n === "|") (out += op[n]), (canRepeat = false);
      else if (n in op) (out += op[n]), (canRepeat = true);
      else (out += escapeJs(n)), (canRepeat = true);
      continue;
    }
    if (c === "*") {
      if (!canRepeat) (out += "\\*"), (canRepeat = true), (starred = false);
      else if (!starred) (out += "*"), (starred = true);
      continue;
    }
    starred = false;
    if (c === ".") (out += "."), (canRepeat = true);
    else if (c === "[") {
      const b = bracket(fragment, i);
      if (b) (out += b[0]), (i = b[1] - 1);
      else out += "\\[";
      canRepeat = true;
    } else if (c === "$" && ((atEnd && i === fragment.length - 1) || fragment.startsWith("\\)", i + 1))) out += "$";
    else (out += escapeJs(c)), (canRepeat = true);
  }
  return out;
}

/** What GNU sed puts in place of a match for the replacement text `repl` (& and \1..\9). */
export function sedReplacement(repl: string, m: RegExpExecArray): string {
  let out = "";
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i]!;
    if (c === "&") out += m[0];
    else if (c === "\\" && i + 1 < repl.length) {
      const n = repl[++i]!;
      out += /[1-9]/.test(n) ? (m[Number(n)] ?? "") : n === "n" ? "\n" : n;
    } else out += c;
  }
  return out;
}
