// One configuration file -> additions to the configuration being built,
// following the C parser's walk: per-level keyword lookup, duplicate
// warnings for unique keywords, `}` closing the current level.
import { KEYWORDS, type KeywordDef } from "./keywords.ts";
import { compileEre } from "./posixRegex.ts";
import type { Blacklist, Config, Diagnostic } from "./schema.ts";
import {
  BRACE_CHECKED,
  DEFAULTS_KEYWORDS,
  DEVICE_KEYWORDS,
  MULTIPATH_KEYWORDS,
  OVERRIDES_KEYWORDS,
  PROTOCOL_KEYWORDS,
} from "./sections.ts";
import { QUOTE, type Token, splitLines, tokenize } from "./tokenize.ts";
import type { ParseContext } from "./valueKinds.ts";

type Entry = Record<string, unknown>;

/** mutable state shared by the files of one load */
export type LoadState = {
  config: Config;
  diagnostics: Diagnostic[];
  /** deprecated keywords are reported once per load, as upstream does once per process */
  warnedDeprecated: Set<string>;
  /** a handler failed: upstream's "error parsing config file" */
  failed: boolean;
  host: ParseContext;
};

type Ctx = { state: LoadState; file: string; line: number; keyword: string; raw: string };
/** returns false when the C handler would return an error */
type Handler = (ctx: Ctx) => boolean;
type Node = { name: string; unique: boolean; handler?: Handler; sub?: Node[] };

const byName = new WeakMap<Node[], Map<string, Node>>();
function lookup(nodes: Node[], name: string): Node | undefined {
  let m = byName.get(nodes);
  if (!m) {
    m = new Map(nodes.map((n) => [n.name, n]));
    byName.set(nodes, m);
  }
  return m.get(name);
}

function diag(ctx: { state: LoadState; file: string; line: number }, level: number, message: string, kw?: string, value?: string): void {
  const d: Diagnostic = { severity: level === 0 ? "error" : "warning", file: ctx.file, line: ctx.line, message };
  if (kw !== undefined) d.keyword = kw;
  if (value !== undefined) d.value = value;
  ctx.state.diagnostics.push(d);
}

/** Apply one keyword's value to an entry using the keyword table. */
function setValue(ctx: Ctx, target: Entry): boolean {
  const def = KEYWORDS[ctx.keyword as keyof typeof KEYWORDS] as KeywordDef;
  const name = def.aliasOf ?? ctx.keyword;
  if (def.kind.deprecated) {
    if (!ctx.state.warnedDeprecated.has(ctx.keyword)) {
      ctx.state.warnedDeprecated.add(ctx.keyword);
      for (const i of def.kind.parse(ctx.raw, ctx.keyword).issues) diag(ctx, i.level, i.message, ctx.keyword, ctx.raw);
    }
    return true;
  }
  const r = def.kind.parse(ctx.raw, ctx.keyword, ctx.state.host);
  for (const i of r.issues) {
    const accepted = i.message.startsWith("invalid value") ? ` (accepted: ${def.kind.accepts})` : "";
    diag(ctx, i.level, i.message + accepted, ctx.keyword, ctx.raw);
  }
  if (r.fatal) return false;
  if (r.value === null) delete target[name];
  else if (r.value !== undefined) target[name] = r.value;
  if (def.unsetAfterLine !== undefined && target[name] === undefined) target[name] = def.unsetAfterLine;
  return true;
}

function leaf(name: string, target: (s: LoadState) => Entry | undefined): Node {
  return {
    name,
    unique: true,
    handler: (ctx) => {
      const t = target(ctx.state);
      return t === undefined ? false : setValue(ctx, t);
    },
  };
}

const last = <T>(a: T[]): T | undefined => a[a.length - 1];

function blacklistNodes(pick: (c: Config) => Blacklist): Node[] {
  const simple = (["devnode", "wwid", "property", "protocol"] as const).map<Node>((kind) => ({
    name: kind,
    unique: false,
    handler: (ctx) => {
      const pattern = ctx.raw;
      if (!compileEre(pattern.startsWith("!") || pattern.startsWith("\\!") ? pattern.slice(1) : pattern)) {
        diag(ctx, 1, `invalid regular expression for ${kind}: "${pattern}"`, kind, pattern);
        return false;
      }
      pick(ctx.state.config)[kind].push({ pattern, origin: "config" });
      return true;
    },
  }));
  const devField = (field: "vendor" | "product"): Node => ({
    name: field,
    unique: true,
    handler: (ctx) => {
      const dev = last(pick(ctx.state.config).device);
      if (!dev) return false;
      const p = ctx.raw;
      if (!compileEre(p.startsWith("!") || p.startsWith("\\!") ? p.slice(1) : p)) {
        diag(ctx, 1, `invalid regular expression for ${field}: "${p}"`, field, p);
        return false;
      }
      dev[field] = p;
      return true;
    },
  });
  return [
    ...simple,
    {
      name: "device",
      unique: false,
      handler: (ctx) => {
        pick(ctx.state.config).device.push({ origin: "config" });
        return true;
      },
      sub: [devField("vendor"), devField("product")],
    },
  ];
}

function buildTree(): Node[] {
  const defaults = (s: LoadState) => s.config.defaults as Entry;
  const device = (s: LoadState) => last(s.config.devices) as Entry | undefined;
  const overrides = (s: LoadState) => (s.config.overrides ?? undefined) as Entry | undefined;
  const protocol = (s: LoadState) => last(s.config.overrides?.protocols ?? []) as Entry | undefined;
  const multipath = (s: LoadState) => last(s.config.multipaths) as Entry | undefined;
  return [
    { name: "defaults", unique: true, sub: DEFAULTS_KEYWORDS.map((k) => leaf(k, defaults)) },
    { name: "blacklist", unique: true, sub: blacklistNodes((c) => c.blacklist) },
    { name: "blacklist_exceptions", unique: true, sub: blacklistNodes((c) => c.blacklistExceptions) },
    {
      name: "devices",
      unique: true,
      sub: [
        {
          name: "device",
          unique: false,
          handler: (ctx) => {
            ctx.state.config.devices.push({});
            return true;
          },
          sub: DEVICE_KEYWORDS.map((k) => leaf(k, device)),
        },
      ],
    },
    {
      name: "overrides",
      unique: true,
      handler: (ctx) => {
        ctx.state.config.overrides ??= { protocols: [] };
        return true;
      },
      sub: [
        ...OVERRIDES_KEYWORDS.map((k) => leaf(k, overrides)),
        {
          name: "protocol",
          unique: false,
          handler: (ctx) => {
            const o = ctx.state.config.overrides;
            if (!o) return false;
            o.protocols.push({});
            return true;
          },
          sub: PROTOCOL_KEYWORDS.map((k) => leaf(k, protocol)),
        },
      ],
    },
    {
      name: "multipaths",
      unique: true,
      sub: [
        {
          name: "multipath",
          unique: false,
          handler: (ctx) => {
            ctx.state.config.multipaths.push({});
            return true;
          },
          sub: MULTIPATH_KEYWORDS.map((k) => leaf(k, multipath)),
        },
      ],
    },
  ];
}

let tree: Node[] | undefined;

/** a quote token is an empty C string in upstream's messages */
const show = (t: Token | undefined): string => (t === QUOTE ? "" : (t ?? ""));

/** validate_config_strvec: false drops the line */
export function validateStatement(tokens: Token[], d: (level: number, msg: string) => void): boolean {
  // a leading quote is a keyword whose C string is empty
  const first = tokens[0] === QUOTE ? "" : tokens[0]!;
  if (first.startsWith("}")) {
    if (tokens.length > 1) d(0, `ignoring extra data starting with '${show(tokens[1])}'`);
    return true;
  }
  if (first.startsWith("{")) {
    d(0, `invalid keyword '${first}'`);
    return false;
  }
  if (BRACE_CHECKED.has(first)) {
    const t = tokens[1];
    if (t === undefined) d(0, "missing '{'");
    else if (t === QUOTE || !t.startsWith("{")) d(0, `expecting '{'. found '${show(t)}'`);
    else if (tokens.length > 2) d(0, `ignoring extra data starting with '${show(tokens[2])}'`);
    return true;
  }
  const v = tokens[1];
  if (v === undefined) {
    d(0, `missing value for option '${first}'`);
    return false;
  }
  if (v !== QUOTE) {
    if (tokens.length > 2) d(0, `ignoring extra data starting with '${show(tokens[2])}'`);
    return true;
  }
  if (tokens.length === 2) {
    d(0, "missing closing quotes");
    return true;
  }
  if (tokens[2] === QUOTE) {
    if (tokens.length > 3) d(0, `ignoring extra data starting with '${show(tokens[3])}'`);
    return true;
  }
  if (tokens.length === 3) {
    d(0, "missing closing quotes");
    return true;
  }
  if (tokens[3] !== QUOTE) {
    d(0, `parsing error starting with '${show(tokens[3])}'`);
    return false;
  }
  if (tokens.length > 4) d(0, `ignoring extra data starting with '${show(tokens[4])}'`);
  return true;
}

/** set_value: the value of a `keyword value` line ("" for empty quotes) */
export function statementValue(tokens: Token[]): string {
  const v = tokens[1];
  if (v === undefined) return "";
  if (v !== QUOTE) return v;
  const inner = tokens[2];
  return inner === undefined || inner === QUOTE ? "" : inner;
}

/** Parse one file's bytes (latin1 "byte text") into the shared load state. */
export function parseFileInto(state: LoadState, bytes: string, file: string): void {
  tree ??= buildTree();
  const lines = splitLines(bytes);
  let idx = 0;
  let depth = 0;
  let currentLine = 0;
  const at = () => ({ state, file, line: currentLine });

  const walk = (nodes: Node[], section: string | null): void => {
    const seen = new Set<string>();
    while (idx < lines.length) {
      const { line, text } = lines[idx++]!;
      currentLine = line;
      const tokens = tokenize(text);
      if (!tokens) continue;
      if (!validateStatement(tokens, (lvl, msg) => diag(at(), lvl, msg))) continue;
      const word = tokens[0] === QUOTE ? "" : tokens[0]!;
      if (word === "}") {
        if (depth > 0) return;
        diag(at(), 0, "unmatched '}'");
      }
      const node = lookup(nodes, word);
      if (!node) {
        diag(
          at(),
          1,
          section ? `invalid keyword in the ${section} section: ${word}` : `invalid keyword: ${word}`,
          word,
        );
        continue;
      }
      if (node.unique) {
        if (seen.has(word)) diag(at(), 1, `duplicate keyword: ${word}`, word);
        seen.add(word);
      }
      if (node.handler) {
        const raw = statementValue(tokens);
        const ok = node.handler({ state, file, line, keyword: word, raw });
        if (!ok) {
          state.failed = true;
          diag(at(), 1, `parsing failed: ${text}`, word, raw);
        }
      }
      if (node.sub) {
        depth++;
        walk(node.sub, node.name);
        depth--;
      }
    }
    // upstream names no line here: the whole file is unbalanced
    if (depth === 1) diag({ state, file, line: 0 }, 1, `missing '}' at end of ${file}`);
  };
  walk(tree, null);
}

