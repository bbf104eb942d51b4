// The wildcard format engine behind `multipath -ll` and `multipathd show
// ... format`: a format string with %X wildcards is filled from a field
// table; each field is left-aligned and padded to a column width computed
// over a set of items. Unknown wildcards print nothing.

export type Field<T> = { wildcard: string; header: string; render: (item: T) => string };
export type FieldTable<T> = readonly Field<T>[];
export type Widths = Map<string, number>;

const MAX_FIELD_WIDTH = 255;

function lookup<T>(table: FieldTable<T>, wildcard: string): Field<T> | undefined {
  return table.find((f) => f.wildcard === wildcard);
}

/** The wildcards a format uses. */
export function wildcardsOf(format: string): Set<string> {
  const out = new Set<string>();
  for (let p = format.indexOf("%"); p >= 0 && p + 1 < format.length; p = format.indexOf("%", p + 2)) out.add(format[p + 1]!);
  return out;
}

/** Column widths of every field (or of those `only` names) over `items`,
 * starting from the header widths when `withHeader`, else from zero (or
 * from `start`, to accumulate). */
export function layout<T>(
  table: FieldTable<T>, items: readonly T[], opts: { withHeader?: boolean; start?: Widths; only?: ReadonlySet<string> } = {},
): Widths {
  const widths: Widths = new Map(opts.start);
  for (const f of table) {
    if (opts.only && !opts.only.has(f.wildcard)) continue;
    let w = opts.start?.get(f.wildcard) ?? (opts.withHeader ? f.header.length : 0);
    for (const item of items) w = Math.max(w, Math.min(f.render(item).length, MAX_FIELD_WIDTH));
    widths.set(f.wildcard, w);
  }
  return widths;
}

function expand(format: string, piece: (wildcard: string) => string | undefined): string {
  let out = "";
  let i = 0;
  for (;;) {
    const p = format.indexOf("%", i);
    if (p < 0 || p + 1 >= format.length) {
      out += format.slice(i, p < 0 ? undefined : p);
      break;
    }
    out += format.slice(i, p);
    out += piece(format[p + 1]!) ?? "";
    i = p + 2;
  }
  return out + "\n";
}

/** One line for `item`, each field padded to its width (no padding when widths is undefined). */
export function formatLine<T>(table: FieldTable<T>, format: string, item: T, widths?: Widths): string {
  return expand(format, (wc) => {
    const f = lookup(table, wc);
    if (!f) return undefined;
    const s = f.render(item);
    return s.padEnd(widths?.get(wc) ?? 0, " ");
  });
}

/** The header line: field names in place of the wildcards, padded alike. */
export function formatHeader<T>(table: FieldTable<T>, format: string, widths: Widths): string {
  return expand(format, (wc) => {
    const f = lookup(table, wc);
    return f ? f.header.padEnd(widths.get(wc) ?? 0, " ") : undefined;
  });
}
