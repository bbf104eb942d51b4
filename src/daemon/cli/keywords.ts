// The words of multipathd's command language. Verbs have codes 1..28,
// qualifiers 65..84; a command's first four codes, one byte each, make the
// fingerprint its handler is registered under. Order and aliases as
// upstream's table, which the help text lists in this order.

export const VERB = {
  LIST: 1, ADD: 2, DEL: 3, RESET: 4, SWITCH: 5, RECONFIGURE: 6, SUSPEND: 7, RESUME: 8, RESIZE: 9, RELOAD: 10,
  FAIL: 11, REINSTATE: 12, DISABLEQ: 13, RESTOREQ: 14, FORCEQ: 15, GETPRSTATUS: 16, SETPRSTATUS: 17,
  UNSETPRSTATUS: 18, GETPRKEY: 19, SETPRKEY: 20, UNSETPRKEY: 21, SETMARGINAL: 22, UNSETMARGINAL: 23, SHUTDOWN: 24,
  QUIT: 25, GETPRHOLD: 26, SETPRHOLD: 27, UNSETPRHOLD: 28,
} as const;

export const KEY = {
  PATH: 65, PATHS: 66, MAP: 67, MAPS: 68, TOPOLOGY: 69, CONFIG: 70, BLACKLIST: 71, DEVICES: 72, WILDCARDS: 73,
  ALL: 74, DAEMON: 75, FMT: 76, RAW: 77, STATUS: 78, STATS: 79, JSON: 80, LOCAL: 81, GROUP: 82, KEY: 83,
  PATHLIST: 84,
} as const;

export type Keyword = { word: string; code: number; hasParam: boolean };

const k = (word: string, code: number, hasParam = false): Keyword => ({ word, code, hasParam });

export const KEYWORDS: readonly Keyword[] = [
  k("list", VERB.LIST), k("show", VERB.LIST), k("add", VERB.ADD), k("remove", VERB.DEL), k("del", VERB.DEL),
  k("switch", VERB.SWITCH), k("switchgroup", VERB.SWITCH), k("suspend", VERB.SUSPEND), k("resume", VERB.RESUME),
  k("reinstate", VERB.REINSTATE), k("fail", VERB.FAIL), k("resize", VERB.RESIZE), k("reset", VERB.RESET),
  k("reload", VERB.RELOAD), k("forcequeueing", VERB.FORCEQ), k("disablequeueing", VERB.DISABLEQ),
  k("restorequeueing", VERB.RESTOREQ), k("paths", KEY.PATHS), k("maps", KEY.MAPS), k("multipaths", KEY.MAPS),
  k("path", KEY.PATH, true), k("map", KEY.MAP, true), k("multipath", KEY.MAP, true), k("group", KEY.GROUP, true),
  k("reconfigure", VERB.RECONFIGURE), k("daemon", KEY.DAEMON), k("status", KEY.STATUS), k("stats", KEY.STATS),
  k("topology", KEY.TOPOLOGY), k("config", KEY.CONFIG), k("blacklist", KEY.BLACKLIST), k("devices", KEY.DEVICES),
  k("raw", KEY.RAW), k("wildcards", KEY.WILDCARDS), k("quit", VERB.QUIT), k("exit", VERB.QUIT),
  k("shutdown", VERB.SHUTDOWN), k("getprstatus", VERB.GETPRSTATUS), k("setprstatus", VERB.SETPRSTATUS),
  k("unsetprstatus", VERB.UNSETPRSTATUS), k("format", KEY.FMT, true), k("json", KEY.JSON),
  k("getprkey", VERB.GETPRKEY), k("setprkey", VERB.SETPRKEY), k("unsetprkey", VERB.UNSETPRKEY),
  k("key", KEY.KEY, true), k("local", KEY.LOCAL), k("setmarginal", VERB.SETMARGINAL),
  k("unsetmarginal", VERB.UNSETMARGINAL), k("all", KEY.ALL), k("getprhold", VERB.GETPRHOLD),
  k("setprhold", VERB.SETPRHOLD), k("unsetprhold", VERB.UNSETPRHOLD), k("pathlist", KEY.PATHLIST, true),
];

/** Exact match, else the one keyword the word is a prefix of (null when none or ambiguous). */
export function findKeyword(word: string): Keyword | null {
  let found: Keyword | null = null;
  for (const kw of KEYWORDS) {
    if (!kw.word.startsWith(word)) continue;
    if (kw.word.length === word.length) return kw;
    if (found) return null;
    found = kw;
  }
  return found;
}
