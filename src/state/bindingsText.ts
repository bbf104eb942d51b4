// The bindings file's text both ways, with upstream's rules for bad lines
// (alias.c read_binding/_check_bindings_file) and one of our own: a line
// a rewrite would not reproduce is carried over as a comment, so that
// rewriting the file never loses what a user or a crash left in it.
export const BINDINGS_HEADER =
  "# Multipath bindings, Version : 1.0\n# NOTE: this file is automatically maintained by the multipath program.\n" +
  "# You should not need to edit this file in normal circumstances.\n#\n# Format:\n# alias wwid\n#\n";
const WWID_SIZE = 128;

export type Binding = { alias: string; wwid: string };
/** A message in upstream's levels (0 error .. 3 info). */
export type BindingsNote = { level: number; message: string };
export type BindingsText = {
  /** usable bindings, sorted (alias_compar), each alias once; a WWID may
   * have several, the first in this order is the one used */
  bindings: Binding[];
  /** lines after the bindings when the file is rewritten: comments as
   * they were, unusable lines commented out with the reason */
  kept: string[];
  notes: BindingsNote[];
  /** upstream would rewrite the file: a bad header or discarded bindings */
  needsFix: boolean;
  /** bindings were discarded for conflicts (fatal when the file cannot be fixed) */
  conflicts: boolean;
};

/** alias_compar: shorter aliases first, then alphabetical. */
export function compareAliases(x: string, y: string): number {
  return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
}

export function sortBindings(b: readonly Binding[]): Binding[] {
  return [...b].sort((x, y) => compareAliases(x.alias, y.alias));
}

// WWIDs and aliases are printable: a control byte means a damaged line
const UNPRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

/** `mpeAliases`: alias -> WWID of the multipaths entries, which win over
 * the file. `file` names the file in messages. */
export function readBindingsText(text: string, mpeAliases: ReadonlyMap<string, string> = new Map(), file = "bindings file"): BindingsText {
  const out: BindingsText = { bindings: [], kept: [], notes: [], needsFix: false, conflicts: false };
  const byAlias = new Map<string, Binding>();
  const note = (level: number, message: string) => out.notes.push({ level, message });
  const discard = (raw: string, why: string) => out.kept.push(`# discarded (${why}): ${raw}`);
  let body = text;
  if (text.startsWith(BINDINGS_HEADER)) body = text.slice(BINDINGS_HEADER.length);
  else {
    note(2, `invalid header in ${file}, it will be rewritten`);
    out.needsFix = true;
  }
  const lines = body.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const first = text === body ? 1 : BINDINGS_HEADER.split("\n").length;
  lines.forEach((raw, i) => {
    const n = first + i;
    const cut = raw.search(/[#\r]/);
    const [alias, wwid, extra] = (cut < 0 ? raw : raw.slice(0, cut)).split(/[ \t]+/).filter(Boolean);
    if (!alias) {
      if (raw.trim()) out.kept.push(raw);
      return;
    }
    if (UNPRINTABLE.test(raw)) {
      note(1, `invalid line ${n} in ${file}, unprintable characters`);
      return discard(JSON.stringify(raw).slice(1, -1), "unprintable characters");
    }
    if (!wwid) {
      note(1, `invalid line ${n} in bindings file, missing WWID`);
      return discard(raw, "missing WWID");
    }
    if (wwid.length > WWID_SIZE - 1) {
      note(3, `Ignoring too large wwid at ${n} in bindings file`);
      return discard(raw, "WWID too long");
    }
    if (extra) note(1, `invalid line ${n} in bindings file, extra args "${extra}"`);
    // what a rewrite would not write back: extra words, a trailing comment
    if (extra || (cut >= 0 && raw.slice(cut).replace(/^#/, "").trim())) out.kept.push(`# as written: ${raw}`);
    const mpeWwid = mpeAliases.get(alias);
    if (mpeWwid !== undefined && mpeWwid !== wwid) {
      note(0, `ERROR: alias "${alias}" for WWID ${wwid} in bindings file on line ${n} conflicts with multipath.conf entry for ${mpeWwid}`);
      out.needsFix = out.conflicts = true;
      return discard(raw, `multipath.conf names ${mpeWwid} ${alias}`);
    }
    const bound = byAlias.get(alias);
    if (bound && bound.wwid !== wwid) {
      note(0, `ERROR: multiple bindings for alias "${alias}" in bindings file on line ${n}, discarding binding to WWID ${wwid}`);
      out.needsFix = out.conflicts = true;
      return discard(raw, `${alias} is bound to ${bound.wwid}`);
    }
    if (bound) return note(2, `duplicate line for alias ${alias} in bindings file on line ${n}`);
    const b = { alias, wwid };
    byAlias.set(alias, b);
    out.bindings.push(b);
  });
  out.bindings = sortBindings(out.bindings);
  const seen = new Map<string, string>();
  for (const b of out.bindings) {
    const first = seen.get(b.wwid);
    if (first === undefined) seen.set(b.wwid, b.alias);
    else note(2, `WWID ${b.wwid} has several bindings in ${file}; ${first} is used, ${b.alias} is not`);
  }
  return out;
}

/** Header, the bindings in order, then the carried-over lines. */
export function formatBindingsText(bindings: readonly Binding[], kept: readonly string[] = []): string {
  return BINDINGS_HEADER + bindings.map((x) => `${x.alias} ${x.wwid}\n`).join("") + kept.map((l) => `${l}\n`).join("");
}
