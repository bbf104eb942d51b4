// A getopt(3)-compatible parser (glibc flavour). The C tools are used from
// scripts and udev rules with clustered short options (`-ll`, `-v3`,
// `-lv3`) and optional arguments that must be attached, which no argument
// library reproduces, so this is written to the letter of getopt_long.

export type OptSpec = {
  /** glibc optstring, e.g. ":adDcChl::eFfM:v:p:b:BrR:itTquUwW" */
  short: string;
  /** long options: name -> { arg: "none" | "required" | "optional", val } */
  long?: Record<string, { arg: "none" | "required" | "optional"; val: string }>;
};

export type ParsedOpt = { opt: string; arg?: string };

export type GetoptError =
  | { kind: "unknown"; option: string }
  | { kind: "missing"; option: string }
  | { kind: "ambiguous"; option: string }
  | { kind: "unexpected-arg"; option: string };

export type GetoptResult = {
  opts: ParsedOpt[];
  operands: string[];
  error?: GetoptError;
};

type ArgKind = "none" | "required" | "optional";

function shortKinds(optstring: string): Map<string, ArgKind> {
  const kinds = new Map<string, ArgKind>();
  const s = optstring.replace(/^[:+-]+/, "");
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (s[i + 1] === ":" && s[i + 2] === ":") {
      kinds.set(c, "optional");
      i += 2;
    } else if (s[i + 1] === ":") {
      kinds.set(c, "required");
      i += 1;
    } else kinds.set(c, "none");
  }
  return kinds;
}

/**
 * Parse argv (without the program name). Operands may be interleaved with
 * options (glibc permutes) unless the optstring starts with '+'; `--` ends
 * option parsing. Parsing stops at the first error, as the C tools exit then.
 */
export function getopt(argv: readonly string[], spec: OptSpec): GetoptResult {
  const kinds = shortKinds(spec.short);
  const permute = !spec.short.startsWith("+");
  const opts: ParsedOpt[] = [];
  const operands: string[] = [];
  let i = 0;
  const fail = (error: GetoptError): GetoptResult => ({ opts, operands, error });

  while (i < argv.length) {
    const a = argv[i]!;
    if (a === "--") {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--") && spec.long) {
      const eq = a.indexOf("=");
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const inline = eq < 0 ? undefined : a.slice(eq + 1);
      const exact = spec.long[name];
      const candidates = exact ? [name] : Object.keys(spec.long).filter((k) => k.startsWith(name));
      if (candidates.length > 1) return fail({ kind: "ambiguous", option: a });
      const key = candidates[0];
      const def = key === undefined ? undefined : spec.long[key];
      if (!def || key === undefined) return fail({ kind: "unknown", option: a });
      i++;
      if (def.arg === "none") {
        if (inline !== undefined) return fail({ kind: "unexpected-arg", option: `--${key}` });
        opts.push({ opt: def.val });
      } else if (def.arg === "optional") {
        opts.push(inline === undefined ? { opt: def.val } : { opt: def.val, arg: inline });
      } else if (inline !== undefined) {
        opts.push({ opt: def.val, arg: inline });
      } else if (i < argv.length) {
        opts.push({ opt: def.val, arg: argv[i]! });
        i++;
      } else return fail({ kind: "missing", option: `--${key}` });
      continue;
    }
    if (a.length < 2 || !a.startsWith("-")) {
      if (!permute) {
        operands.push(...argv.slice(i));
        break;
      }
      operands.push(a);
      i++;
      continue;
    }
    i++;
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      const kind = kinds.get(c);
      if (kind === undefined) return fail({ kind: "unknown", option: c });
      if (kind === "none") {
        opts.push({ opt: c });
        continue;
      }
      const rest = a.slice(j + 1);
      if (kind === "optional") {
        opts.push(rest ? { opt: c, arg: rest } : { opt: c });
      } else if (rest) {
        opts.push({ opt: c, arg: rest });
      } else if (i < argv.length) {
        opts.push({ opt: c, arg: argv[i]! });
        i++;
      } else return fail({ kind: "missing", option: c });
      break;
    }
  }
  return { opts, operands };
}

/** What glibc's getopt prints on stderr for an error when opterr is set. */
export function getoptMessage(prog: string, e: GetoptError): string {
  const long = e.option.startsWith("--");
  switch (e.kind) {
    case "unknown":
      return long ? `${prog}: unrecognized option '${e.option}'\n` : `${prog}: invalid option -- '${e.option}'\n`;
    case "missing":
      return long ? `${prog}: option '${e.option}' requires an argument\n` : `${prog}: option requires an argument -- '${e.option}'\n`;
    case "ambiguous":
      return `${prog}: option '${e.option}' is ambiguous\n`;
    case "unexpected-arg":
      return `${prog}: option '${e.option}' doesn't allow an argument\n`;
  }
}
