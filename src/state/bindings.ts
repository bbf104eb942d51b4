// The bindings file (/etc/multipath/bindings): user friendly names for
// WWIDs, and how a new name is chosen (upstream's alias.c rules).
import { LOG, condlog } from "../log.ts";
import { readText, updateLocked } from "./lockedFile.ts";

export const BINDINGS_FILE = "/etc/multipath/bindings";
export const BINDINGS_HEADER =
  "# Multipath bindings, Version : 1.0\n# NOTE: this file is automatically maintained by the multipath program.\n" +
  "# You should not need to edit this file in normal circumstances.\n#\n# Format:\n# alias wwid\n#\n";
const WWID_SIZE = 128;

export type Binding = { alias: string; wwid: string };

/** mpath + bijective base-26 letters: 1 a .. 26 z, 27 aa .. */
export function formatDevname(id: number): string {
  let s = "";
  for (let n = id; n >= 1; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(97 + ((n - 1) % 26)) + s;
  return s;
}

export function scanDevname(alias: string, prefix: string): number {
  if (!alias.startsWith(prefix) || alias.length === prefix.length || alias.length > prefix.length + 7) return -1;
  let n = 0;
  for (const c of alias.slice(prefix.length)) {
    if (c < "a" || c > "z") return -1;
    n = n * 26 + (c.charCodeAt(0) - 96);
  }
  return n;
}

/** alias_compar: shorter aliases first, then alphabetical. */
export function sortBindings(b: Binding[]): Binding[] {
  return [...b].sort((x, y) => x.alias.length - y.alias.length || (x.alias < y.alias ? -1 : x.alias > y.alias ? 1 : 0));
}

export function parseBindings(text: string): Binding[] {
  const out: Binding[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/[#\r].*$/, "");
    const [alias, wwid, extra] = line.split(/[ \t]+/).filter(Boolean);
    if (!alias) return;
    if (!wwid) return condlog(LOG.WARN, `invalid line ${i + 1} in bindings file, missing WWID`);
    if (wwid.length > WWID_SIZE - 1) return condlog(LOG.INFO, `Ignoring too large wwid at ${i + 1} in bindings file`);
    if (extra) condlog(LOG.WARN, `invalid line ${i + 1} in bindings file, extra args "${extra}"`);
    if (out.some((b) => b.alias === alias || b.wwid === wwid)) return; // duplicates: the first one counts
    out.push({ alias, wwid });
  });
  return sortBindings(out);
}

export function formatBindings(b: readonly Binding[]): string {
  return BINDINGS_HEADER + b.map((x) => `${x.alias} ${x.wwid}\n`).join("");
}

/** get_free_id: the lowest id whose alias is neither bound nor taken. */
export function freeId(bindings: readonly Binding[], prefix: string, taken: (alias: string) => boolean): number {
  let id = 1;
  for (const b of bindings) {
    const cur = scanDevname(b.alias, prefix);
    if (cur === -1) continue;
    while (id < cur && taken(prefix + formatDevname(id))) id++;
    if (id < cur) return id;
    id = cur + 1;
  }
  while (taken(prefix + formatDevname(id))) id++;
  return id;
}

export type AliasDeps = {
  /** whether a dm map other than `wwid`'s already has this name */
  takenByOtherMap: (alias: string, wwid: string) => boolean;
  path?: string;
  readOnly?: boolean;
};

/** get_user_friendly_alias: the alias for `wwid`, binding a new one when needed. */
export function userFriendlyAlias(wwid: string, aliasOld: string, prefix: string, deps: AliasDeps): string | undefined {
  const path = deps.path ?? BINDINGS_FILE;
  const taken = (a: string) => deps.takenByOtherMap(a, wwid);
  const decide = (current: Binding[]): { alias?: string; add?: Binding; newBinding: boolean } => {
    let id = 0;
    if (aliasOld) {
      const b = current.find((x) => x.alias === aliasOld);
      if (b?.wwid === wwid) return { alias: aliasOld, newBinding: false };
      if (b) condlog(LOG.ERR, `alias ${aliasOld} already bound to wwid ${b.wwid}, cannot reuse`);
      else id = scanDevname(aliasOld, prefix);
    }
    const mine = current.find((x) => x.wwid === wwid);
    if (mine) {
      if (taken(mine.alias)) return { newBinding: false };
      condlog(LOG.INFO, `Use existing binding [${mine.alias}] for WWID [${wwid}]`);
      return { alias: mine.alias, newBinding: false };
    }
    let newBinding = false;
    if (id <= 0) {
      id = freeId(current, prefix, taken);
      newBinding = true;
    }
    const alias = prefix + formatDevname(id);
    return { alias, add: { alias, wwid }, newBinding };
  };
  if (deps.readOnly) {
    const d = decide(parseBindings(readText(path) ?? ""));
    return d.add ? undefined : d.alias;
  }
  const d = updateLocked(path, (text) => {
    const current = parseBindings(text ?? "");
    const r = decide(current);
    return { text: r.add ? formatBindings(sortBindings([...current, r.add])) : null, result: r };
  });
  if (d.add) {
    condlog(LOG.WARN, `updated bindings file ${path}`);
    condlog(LOG.INFO, `Created new binding [${d.add.alias}] for WWID [${wwid}]`);
    if (!d.newBinding) condlog(LOG.NOTICE, `Allocated existing binding [${d.add.alias}] for WWID [${wwid}]`);
  }
  return d.alias;
}
