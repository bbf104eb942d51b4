// Parsing a command line sent to multipathd, as upstream does: the config
// tokenizer splits it (quotes group words, "" escapes a quote), each word is
// a keyword by exact match or unique prefix, and a keyword with a parameter
// takes the next word. Errors are named as upstream reports them.
import { QUOTE, tokenize } from "../../config/tokenize.ts";
import { KEYWORDS, type Keyword, findKeyword } from "./keywords.ts";
import { type Handler, findHandler } from "./handlers.ts";

export type Param = { code: number; word: string; value: string };
export type ParseError = "not-found-last" | "not-found" | "missing-argument";
export type ParsedCommand =
  | { ok: true; handler: Handler; params: Param[] }
  | { ok: false; error: ParseError | "no-handler"; codes: number[] };

export function parseCommand(line: string): ParsedCommand {
  const words = (tokenize(line) ?? []).filter((t): t is string => t !== QUOTE);
  const codes: number[] = [];
  const params: Param[] = [];
  let pending: Keyword | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (pending) {
      params.push({ code: pending.code, word: pending.word, value: w });
      pending = undefined;
      continue;
    }
    const kw = findKeyword(w);
    if (!kw) return { ok: false, error: i === words.length - 1 ? "not-found-last" : "not-found", codes };
    codes.push(kw.code);
    if (kw.hasParam) pending = kw;
  }
  if (pending) return { ok: false, error: "missing-argument", codes };
  const handler = findHandler(codes);
  if (!handler) return { ok: false, error: "no-handler", codes };
  return { ok: true, handler, params };
}

export function param(p: readonly Param[], code: number): string | undefined {
  return p.find((x) => x.code === code)?.value;
}

/** The help reply: the reason line, the version line, then every command. */
export function helpText(cmd: string, error: ParseError | "no-handler", versionLine: string, handlers: readonly Handler[]): string {
  let out = "";
  if (error === "not-found-last") out += `${cmd}: not found\n`;
  else if (error === "missing-argument" || error === "no-handler") out += `${cmd}: Missing argument\n`;
  out += versionLine + "CLI commands reference:\n";
  for (const hd of handlers) {
    for (const code of hd.codes) {
      const kw = KEYWORDS.find((x) => x.code === code)!;
      out += ` ${kw.word}`;
      for (const alias of KEYWORDS) if (alias.code === code && alias !== kw) out += `|${alias.word}`;
      if (kw.hasParam) out += ` $${kw.word}`;
    }
    out += "\n";
  }
  return out;
}
