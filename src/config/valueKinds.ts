// How each kind of multipath.conf value is read, validated and printed.
// Values are stored normalised (upstream's "unset" encodings such as 0 for
// "undefined" become absent values); printing follows dict.c's snprint_*.
import { z } from "zod";

export type ParseIssue = { level: 0 | 1 | 2; message: string };
/** Outcome of reading a value: a new value, or keep the previous one. */
export type ParseOutcome<T> = {
  /** undefined: keep the previous value; null: the value becomes unset */
  value?: T | null;
  issues: ParseIssue[];
  /** the C handler returned an error: the whole file fails to load */
  fatal?: boolean;
};

/** Host facts some values depend on (supplied by the loader, the I/O edge). */
export type ParseContext = {
  /** /proc/sys/fs/nr_open: what max_fds "max" means and its cap */
  nrOpen?: number;
  /** getpwnam(): uid and primary gid of a user name */
  lookupUser?: (name: string) => { uid: number; gid: number } | undefined;
};

export type ValueKind<S extends z.ZodType> = {
  schema: S;
  parse: (raw: string, keyword: string, ctx?: ParseContext) => ParseOutcome<z.infer<S>>;
  /** the printed value, or null when nothing is printed */
  print: (v: z.infer<S>) => string | null;
  /** one-line description of accepted values, for errors and docs */
  accepts: string;
  /** read for compatibility, warned about once, ignored and never printed */
  deprecated?: true;
};

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;
const UINT_MAX = 4294967295;

/** upstream's append_strbuf_quoted: embedded quotes are doubled */
export function quote(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

const invalid = (kw: string, raw: string): ParseIssue => ({
  level: 1,
  message: `invalid value for ${kw}: "${raw}"`,
});

function kind<S extends z.ZodType>(k: ValueKind<S>): ValueKind<S> {
  return k;
}

/** strtol + trailing-space check + capping, as do_set_int does it. */
export function parseIntCapped(
  raw: string,
  kw: string,
  min: number,
  max: number,
): ParseOutcome<number> {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)[ \t\n\v\f\r]*$/.exec(raw);
  if (!m) return { issues: [invalid(kw, raw)] };
  let n = Number(m[1]);
  // strtol saturates at LONG_MIN/LONG_MAX; any such value is outside int range anyway
  if (n > max || n < min) {
    n = n > max ? max : min;
    return {
      value: n,
      issues: [{ level: 1, message: `value for ${kw} too ${n === max ? "large" : "small"}, capping at ${n}` }],
    };
  }
  return { value: n, issues: [] };
}

export const stringKind = kind({
  schema: z.string(),
  parse: (raw) => ({ value: raw, issues: [] }),
  print: (v) => quote(v),
  accepts: "a string",
});

export const noSlashStringKind = kind({
  schema: z.string(),
  parse: (raw) =>
    raw.includes("/")
      ? { issues: [{ level: 1, message: `${raw} cannot contain a slash. Ignoring` }] }
      : { value: raw, issues: [] },
  print: (v) => quote(v),
  accepts: "a string without '/'",
});

/** "<count> words...": features (count first), path_selector (count second), hardware_handler */
export function argStringKind(countIdx: number) {
  return kind({
    schema: z.string(),
    parse: (raw, kw) => {
      const words = raw.split(/[ \f\r\t\v]+/).filter((w) => w !== "");
      const countWord = words[countIdx];
      const m = countWord === undefined ? null : /^[+-]?\d+$/.exec(countWord);
      if (!m) return { issues: [{ level: 1, message: `missing argument count for ${kw}` }] };
      const count = Number(countWord);
      const got = words.length - 1 - countIdx;
      if (count < 0) return { issues: [{ level: 1, message: `missing argument count for ${kw}` }] };
      if (count !== got)
        return {
          issues: [
            { level: 1, message: `invalid argument count for ${kw}:, got '${count}' expected '${got}'` },
          ],
        };
      return { value: raw, issues: [] };
    },
    print: (v) => quote(v),
    accepts: countIdx === 0 ? `"<n> arg1 ... argn"` : `"<name> <n> arg1 ... argn"`,
  });
}

export function intKind(min: number, max: number, opts: { zeroUnset?: boolean } = {}) {
  return kind({
    schema: z.number().int(),
    parse: (raw, kw) => {
      const r = parseIntCapped(raw, kw, min, max);
      if (opts.zeroUnset && r.value === 0) return { value: null, issues: r.issues };
      return r;
    },
    print: (v) => String(v),
    accepts: max === INT_MAX ? `an integer >= ${min}` : `an integer from ${min} to ${max}`,
  });
}
export const anyIntKind = intKind(INT_MIN, INT_MAX);
export const nonNegIntKind = intKind(0, INT_MAX);
/** integers where 0 means "not set" (rr_min_io, max_sectors_kb, checker_timeout, ...) */
export const nonZeroIntKind = intKind(0, INT_MAX, { zeroUnset: true });

/** set_uint: decimal, no sign, fits in 32 bits */
export const uintKind = kind({
  schema: z.number().int().nonnegative(),
  parse: (raw, kw) => {
    const m = /^[ \t\n\v\f\r]*(\d+)[ \t\n\v\f\r]*$/.exec(raw);
    if (!m || Number(m[1]) > UINT_MAX) return { issues: [invalid(kw, raw)] };
    return { value: Number(m[1]), issues: [] };
  },
  print: (v) => String(v),
  accepts: "a non-negative integer",
});

export const yesNoSchema = z.enum(["yes", "no"]);
function yesNo(raw: string): "yes" | "no" | undefined {
  if (raw === "yes" || raw === "1") return "yes";
  if (raw === "no" || raw === "0") return "no";
  return undefined;
}
export const yesNoKind = kind({
  schema: yesNoSchema,
  parse: (raw, kw) => {
    const v = yesNo(raw);
    return v === undefined ? { issues: [invalid(kw, raw)] } : { value: v, issues: [] };
  },
  print: (v) => quote(v),
  accepts: `"yes" or "no" (also 1/0)`,
});

export function enumKind<const T extends readonly [string, ...string[]]>(
  values: T,
  aliases: Record<string, T[number]> = {},
) {
  return kind({
    schema: z.enum(values),
    parse: (raw, kw) => {
      if ((values as readonly string[]).includes(raw)) return { value: raw as T[number], issues: [] };
      const a = aliases[raw];
      if (a !== undefined) return { value: a, issues: [] };
      return { issues: [invalid(kw, raw)] };
    },
    print: (v) => quote(v),
    accepts: values.map((v) => `"${v}"`).join(", "),
  });
}

/** fast_io_fail_tmo, eh_deadline: "off", 0, or a positive integer */
export const offZeroIntKind = kind({
  schema: z.union([z.literal("off"), z.number().int().nonnegative()]),
  parse: (raw, kw) => {
    if (raw === "off") return { value: "off" as const, issues: [] };
    if (raw === "0") return { value: 0, issues: [] };
    return parseIntCapped(raw, kw, 1, INT_MAX);
  },
  print: (v) => String(v),
  accepts: `"off", 0 or a positive integer`,
});

/** max_retries: "off", 0, or 1..5 */
export const maxRetriesKind = kind({
  schema: z.union([z.literal("off"), z.number().int().min(0).max(5)]),
  parse: (raw, kw) => {
    if (raw === "off") return { value: "off" as const, issues: [] };
    if (raw === "0") return { value: 0, issues: [] };
    return parseIntCapped(raw, kw, 1, 5);
  },
  print: (v) => String(v),
  accepts: `"off", 0 or 1-5`,
});

/**
 * sscanf("%u"): optional blanks and sign, decimal digits, rest ignored; the
 * value goes through strtoul (negation, saturation at 2^64-1) and is then
 * truncated to 32 bits. null when no digits.
 */
export function scanUnsigned(raw: string): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(raw);
  if (!m) return null;
  const U64 = (1n << 64n) - 1n;
  let n = BigInt(m[2]!);
  if (n > U64) n = U64;
  else if (m[1] === "-") n = (U64 + 1n - n) & U64;
  return Number(n & 0xffffffffn);
}

/** dev_loss_tmo: sscanf("%u") or "infinity"; 0 means unset */
export const devLossKind = kind({
  schema: z.union([z.literal("infinity"), z.number().int().positive()]),
  parse: (raw, kw) => {
    if (raw === "infinity") return { value: "infinity" as const, issues: [] };
    const n = scanUnsigned(raw);
    if (n === null) return { issues: [{ level: 1, message: `invalid value for dev_loss_tmo: "${raw}"` }] };
    if (n >= UINT_MAX) return { value: "infinity" as const, issues: [] };
    return { value: n === 0 ? null : n, issues: [] };
  },
  print: (v) => (v === "infinity" ? quote(v) : String(v)),
  accepts: `a number of seconds or "infinity"`,
});

/** failback: manual, immediate, followover or seconds (0 = unset) */
export const failbackKind = kind({
  schema: z.union([z.enum(["manual", "immediate", "followover"]), z.number().int().positive()]),
  parse: (raw, kw): ParseOutcome<"manual" | "immediate" | "followover" | number> => {
    if (raw === "manual" || raw === "immediate" || raw === "followover") return { value: raw, issues: [] };
    const r = parseIntCapped(raw, kw, 0, INT_MAX);
    return r.value === 0 ? { value: null, issues: r.issues } : r;
  },
  print: (v) => (typeof v === "number" ? String(v) : quote(v)),
  accepts: `"manual", "immediate", "followover" or a number of seconds`,
});

/** no_path_retry: fail (or 0), queue, or a number of checker intervals */
export const noPathRetryKind = kind({
  schema: z.union([z.enum(["fail", "queue"]), z.number().int().positive()]),
  parse: (raw, kw) => {
    if (raw === "fail" || raw === "0") return { value: "fail" as const, issues: [] };
    if (raw === "queue") return { value: "queue" as const, issues: [] };
    return parseIntCapped(raw, kw, 1, INT_MAX);
  },
  print: (v) => (typeof v === "number" ? String(v) : quote(v)),
  accepts: `"fail", "queue" or a positive number of retries`,
});

/** "no"/0 or a positive integer (delay_*_checks, san_path_err_*, marginal_path_*, ghost_delay) */
export const noOrIntKind = kind({
  schema: z.union([z.literal("no"), z.number().int().positive()]),
  parse: (raw, kw) => {
    if (raw === "no" || raw === "0") return { value: "no" as const, issues: [] };
    return parseIntCapped(raw, kw, 1, INT_MAX);
  },
  print: (v) => (typeof v === "number" ? String(v) : quote(v)),
  accepts: `"no" or a positive integer`,
});

export const flushOnLastDelKind = kind({
  schema: z.enum(["never", "always", "unused"]),
  parse: (raw): ParseOutcome<"never" | "always" | "unused"> => {
    if (raw === "never" || raw === "always" || raw === "unused") return { value: raw, issues: [] };
    const mapped: "unused" | "always" | undefined =
      raw === "no" || raw === "0" ? "unused" : raw === "yes" || raw === "1" ? "always" : undefined;
    if (mapped === undefined) return { issues: [invalid("flush_on_last_del", raw)] };
    return {
      value: mapped,
      issues: [
        {
          level: 2,
          message: `"${raw}" is a deprecated value for flush_on_last_del and is treated as "${mapped}"`,
        },
      ],
    };
  },
  print: (v) => quote(v),
  accepts: `"always", "unused" or "never"`,
});

/** mode: octal up to 0777; printed as 0%o */
export const modeKind = kind({
  schema: z.number().int().min(0).max(0o777),
  parse: (raw) => {
    const m = /^[ \t\n\v\f\r]*([+-]?[0-7]+)/.exec(raw);
    const n = m ? parseInt(m[1]!, 8) : NaN;
    if (!m || n < 0 || n > 0o777) return { issues: [{ level: 1, message: `invalid value for mode: "${raw}"` }] };
    return { value: n, issues: [] };
  },
  print: (v) => `0${v.toString(8)}`,
  accepts: "an octal mode up to 0777",
});

/** uid/gid: a user name (its uid, or its primary group for gid, as upstream) or a number */
export function idKind(which: "uid" | "gid") {
  return kind({
    schema: z.number().int().nonnegative(),
    parse: (raw, _kw, ctx) => {
      const user = ctx?.lookupUser?.(raw);
      if (user) return { value: which === "uid" ? user.uid : user.gid, issues: [] };
      const n = scanUnsigned(raw);
      if (n === null) return { issues: [{ level: 1, message: `invalid value for ${which}: "${raw}"` }] };
      return { value: n, issues: [] };
    },
    // upstream prints ids in octal with a leading 0
    print: (v) => `0${v.toString(8)}`,
    accepts: "a numeric id",
  });
}

export const reservationKeySchema = z.union([
  z.literal("file"),
  z.object({ key: z.string().regex(/^[0-9a-f]{1,16}$/), aptpl: z.boolean() }),
]);
export const reservationKeyKind = kind({
  schema: reservationKeySchema,
  parse: (raw) => {
    if (raw === "file") return { value: "file" as const, issues: [] };
    const colon = raw.indexOf(":");
    let keyPart = colon >= 0 ? raw.slice(0, colon) : raw;
    const aptpl = colon >= 0 && raw.slice(colon + 1) === "aptpl";
    if (keyPart.startsWith("0")) keyPart = keyPart.slice(1);
    if (keyPart.startsWith("x") || keyPart.startsWith("X")) keyPart = keyPart.slice(1);
    if (keyPart === "" || keyPart.length > 16 || !/^[0-9a-fA-F]+$/.test(keyPart))
      return { issues: [], fatal: true };
    const key = BigInt(`0x${keyPart}`).toString(16);
    return { value: { key, aptpl }, issues: [] };
  },
  print: (v) => (v === "file" ? quote("file") : `0x${v.key}${v.aptpl ? ":aptpl" : ""}`),
  accepts: `"file" or a hex key "0x..." optionally followed by ":aptpl"`,
});

/** uid_attrs: "subsystem:ATTRIBUTE" words; printed unquoted */
export const uidAttrsKind = kind({
  schema: z.array(z.string()),
  parse: (raw) => {
    const words = raw.split(/[ \t\n\v\f\r]+/).filter((w) => w !== "");
    const good = words.filter((w) => w.includes(":"));
    const issues: ParseIssue[] = words
      .filter((w) => !w.includes(":"))
      .map((w) => ({ level: 2 as const, message: `invalid record in uid_attrs: ${w}` }));
    if (issues.length > 0) issues.push({ level: 1, message: `error parsing uid_attrs: "${raw}"` });
    return { value: good.length ? good : null, issues };
  },
  print: (v) => (v.length ? v.join(" ") : null),
  accepts: `"<subsystem>:<udev attribute> ..."`,
});

/** keywords upstream still reads but ignores */
export function deprecatedKind(builtin: string) {
  return kind({
    schema: z.never(),
    parse: (_raw, kw) => ({
      issues: [{ level: 1, message: `ignoring deprecated option "${kw}", using built-in value: "${builtin}"` }],
    }),
    print: () => null,
    accepts: "(deprecated, ignored)",
    deprecated: true,
  });
}

export { INT_MAX, UINT_MAX };
