// The bindings file (/etc/multipath/bindings): user friendly names for
// WWIDs, how a new name is chosen (upstream's alias.c rules) and the
// start-up check of the file against multipath.conf (check_alias_settings).
// A file that cannot be read or written never costs a binding: multipath
// then names maps by WWID, as upstream does, and leaves the file alone.
import { LOG, condlog } from "../log.ts";
import { type Binding, type BindingsText, formatBindingsText, readBindingsText, sortBindings } from "./bindingsText.ts";
import { StateFileError, readText, updateLocked } from "./lockedFile.ts";

export { BINDINGS_HEADER, type Binding, sortBindings } from "./bindingsText.ts";
export const BINDINGS_FILE = "/etc/multipath/bindings";

/** mpath + bijective base-26 letters: 1 a .. 26 z, 27 aa .. */
export function formatDevname(id: number): string {
  let s = "";
  for (let n = id; n >= 1; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(97 + ((n - 1) % 26)) + s;
  return s;
}

const INT_MAX = 2 ** 31 - 1;

/** The id of `prefix` + letters, -1 when it is none. As upstream: the
 * letters end at a blank (the rest is ignored, but counts towards the
 * 7-letter limit), and ids are C ints, so one past INT_MAX is none. */
export function scanDevname(alias: string, prefix: string): number {
  if (!alias.startsWith(prefix) || alias.length === prefix.length || alias.length > prefix.length + 7) return -1;
  let n = 0;
  for (const c of alias.slice(prefix.length)) {
    if (c === " " || c === "\t") break;
    if (c < "a" || c > "z") return -1;
    n = n * 26 + (c.charCodeAt(0) - 96);
    if (n > INT_MAX) return -1;
  }
  return n;
}

/** The usable bindings of a file's text (see bindingsText.ts for the rules). */
export function parseBindings(text: string): Binding[] {
  return readBindingsText(text).bindings;
}

export function formatBindings(b: readonly Binding[]): string {
  return formatBindingsText(b);
}

// The last text parsed, and its result: a run reads one file many times.
let memo: { text: string; mpe: ReadonlyMap<string, string>; parsed: BindingsText } | undefined;
const NO_MPE: ReadonlyMap<string, string> = new Map();

/** Parse `text`, logging its problems the first time this text is seen. */
function parsed(text: string, mpe: ReadonlyMap<string, string>, path: string): BindingsText {
  if (memo && memo.text === text && memo.mpe === mpe) return memo.parsed;
  const p = readBindingsText(text, mpe, path);
  if (memo?.text !== text) for (const n of p.notes) condlog(n.level, n.message);
  memo = { text, mpe, parsed: p };
  return p;
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
  /** aliases of multipath.conf's multipaths entries, alias -> WWID */
  mpeAliases?: ReadonlyMap<string, string>;
};

function reportFileError(e: unknown): undefined {
  if (!(e instanceof StateFileError)) throw e;
  condlog(LOG.ERR, `${e.message}; maps without a binding keep their WWID as name`);
  return undefined;
}

/** get_user_friendly_wwid: the WWID the bindings file binds `alias` to. */
export function userFriendlyWwid(alias: string, o: { path?: string; mpeAliases?: ReadonlyMap<string, string> } = {}): string | undefined {
  if (!alias) return undefined;
  const path = o.path ?? BINDINGS_FILE;
  try {
    const text = readText(path);
    return text === null ? undefined : parsed(text, o.mpeAliases ?? NO_MPE, path).bindings.find((b) => b.alias === alias)?.wwid;
  } catch (e) {
    return reportFileError(e);
  }
}

/** get_user_friendly_alias: the alias for `wwid`, binding a new one when
 * needed; undefined when none can be had (the caller uses the WWID). */
export function userFriendlyAlias(wwid: string, aliasOld: string, prefix: string, deps: AliasDeps): string | undefined {
  const path = deps.path ?? BINDINGS_FILE;
  const mpe = deps.mpeAliases ?? NO_MPE;
  const taken = (a: string) => deps.takenByOtherMap(a, wwid);
  const decide = (current: readonly Binding[]): { alias?: string; add?: Binding; newBinding: boolean } => {
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
  try {
    if (deps.readOnly) {
      const d = decide(parsed(readText(path) ?? "", mpe, path).bindings);
      return d.add ? undefined : d.alias;
    }
    const d = updateLocked(path, (text) => {
      const cur = text === null ? { bindings: [], kept: [] } : parsed(text, mpe, path);
      const r = decide(cur.bindings);
      return { text: r.add ? formatBindingsText(sortBindings([...cur.bindings, r.add]), cur.kept) : null, result: r };
    });
    if (d.add) {
      condlog(LOG.WARN, `updated bindings file ${path}`);
      condlog(LOG.INFO, `Created new binding [${d.add.alias}] for WWID [${wwid}]`);
      if (!d.newBinding) condlog(LOG.NOTICE, `Allocated existing binding [${d.add.alias}] for WWID [${wwid}]`);
    }
    return d.alias;
  } catch (e) {
    return reportFileError(e);
  }
}

/** The bindings half of check_alias_settings: report the file's problems
 * and rewrite it when upstream would (a bad header, discarded conflicting
 * bindings), keeping every line it cannot use as a comment. false: the
 * file holds conflicts that could not be fixed (upstream aborts then). */
export function checkBindingsFile(mpeAliases: ReadonlyMap<string, string>, o: { path?: string; readOnly?: boolean } = {}): boolean {
  const path = o.path ?? BINDINGS_FILE;
  let p: BindingsText;
  try {
    const text = readText(path);
    if (text === null) return true;
    p = parsed(text, mpeAliases, path);
  } catch (e) {
    reportFileError(e); // allocation fails alike and names maps by WWID
    return true;
  }
  if (!p.needsFix) return true;
  if (o.readOnly) {
    if (!p.conflicts) return true;
    condlog(LOG.ERR, `ERROR: bad settings in read-only bindings file ${path}`);
    return false;
  }
  try {
    updateLocked(path, (now) => {
      const cur = now === null ? p : parsed(now, mpeAliases, path);
      return { text: formatBindingsText(cur.bindings, cur.kept), result: undefined };
    });
  } catch (e) {
    reportFileError(e);
    return !p.conflicts;
  }
  condlog(LOG.WARN, `updated bindings file ${path}`);
  return true;
}
