// The commands multipathd answers, by fingerprint, in upstream's
// registration order (the help text lists them so). `readOnly` commands
// may be sent by any user; `locked` ones run under the daemon's state lock.
import { KEY, VERB } from "./keywords.ts";

export type CommandName =
  | "list-paths" | "list-paths-fmt" | "list-paths-raw" | "list-path" | "list-maps" | "list-status" | "list-daemon"
  | "list-maps-status" | "list-maps-stats" | "list-maps-fmt" | "list-maps-raw" | "list-maps-topology"
  | "list-topology" | "list-maps-json" | "list-map-topology" | "list-map-fmt" | "list-map-raw" | "list-map-json"
  | "list-config-local" | "list-config" | "list-blacklist" | "list-devices" | "list-wildcards" | "reset-maps-stats"
  | "reset-map-stats" | "add-path" | "del-path" | "add-map" | "del-map" | "del-maps" | "switch-group"
  | "reconfigure" | "reconfigure-all" | "suspend-map" | "resume-map" | "resize-map" | "reload-map" | "reset-map"
  | "reinstate-path" | "fail-path" | "disableq-map" | "restoreq-map" | "disableq-maps" | "restoreq-maps" | "quit"
  | "shutdown" | "getprstatus" | "setprstatus" | "setprstatus-pathlist" | "unsetprstatus" | "forceq-daemon"
  | "restoreq-daemon" | "getprkey" | "setprkey" | "unsetprkey" | "setmarginal-path" | "unsetmarginal-path"
  | "unsetmarginal-map" | "getprhold" | "setprhold" | "unsetprhold";

export type Handler = { name: CommandName; codes: readonly number[]; readOnly: boolean; locked: boolean };

const L = VERB.LIST;
const h = (name: CommandName, codes: number[], locked = true): Handler => ({ name, codes, readOnly: codes[0] === L, locked });

export const HANDLERS: readonly Handler[] = [
  h("list-paths", [L, KEY.PATHS]), h("list-paths-fmt", [L, KEY.PATHS, KEY.FMT]),
  h("list-paths-raw", [L, KEY.PATHS, KEY.RAW, KEY.FMT]), h("list-path", [L, KEY.PATH]),
  h("list-maps", [L, KEY.MAPS]), h("list-status", [L, KEY.STATUS]), h("list-daemon", [L, KEY.DAEMON], false),
  h("list-maps-status", [L, KEY.MAPS, KEY.STATUS]), h("list-maps-stats", [L, KEY.MAPS, KEY.STATS]),
  h("list-maps-fmt", [L, KEY.MAPS, KEY.FMT]), h("list-maps-raw", [L, KEY.MAPS, KEY.RAW, KEY.FMT]),
  h("list-maps-topology", [L, KEY.MAPS, KEY.TOPOLOGY]), h("list-topology", [L, KEY.TOPOLOGY]),
  h("list-maps-json", [L, KEY.MAPS, KEY.JSON]), h("list-map-topology", [L, KEY.MAP, KEY.TOPOLOGY]),
  h("list-map-fmt", [L, KEY.MAP, KEY.FMT]), h("list-map-raw", [L, KEY.MAP, KEY.RAW, KEY.FMT]),
  h("list-map-json", [L, KEY.MAP, KEY.JSON]), h("list-config-local", [L, KEY.CONFIG, KEY.LOCAL]),
  h("list-config", [L, KEY.CONFIG]), h("list-blacklist", [L, KEY.BLACKLIST]), h("list-devices", [L, KEY.DEVICES]),
  h("list-wildcards", [L, KEY.WILDCARDS]), h("reset-maps-stats", [VERB.RESET, KEY.MAPS, KEY.STATS]),
  h("reset-map-stats", [VERB.RESET, KEY.MAP, KEY.STATS]), h("add-path", [VERB.ADD, KEY.PATH]),
  h("del-path", [VERB.DEL, KEY.PATH]), h("add-map", [VERB.ADD, KEY.MAP]), h("del-map", [VERB.DEL, KEY.MAP]),
  h("del-maps", [VERB.DEL, KEY.MAPS]), h("switch-group", [VERB.SWITCH, KEY.MAP, KEY.GROUP]),
  h("reconfigure", [VERB.RECONFIGURE], false), h("reconfigure-all", [VERB.RECONFIGURE, KEY.ALL], false),
  h("suspend-map", [VERB.SUSPEND, KEY.MAP]), h("resume-map", [VERB.RESUME, KEY.MAP]),
  h("resize-map", [VERB.RESIZE, KEY.MAP]), h("reload-map", [VERB.RELOAD, KEY.MAP]),
  h("reset-map", [VERB.RESET, KEY.MAP]), h("reinstate-path", [VERB.REINSTATE, KEY.PATH]),
  h("fail-path", [VERB.FAIL, KEY.PATH]), h("disableq-map", [VERB.DISABLEQ, KEY.MAP]),
  h("restoreq-map", [VERB.RESTOREQ, KEY.MAP]), h("disableq-maps", [VERB.DISABLEQ, KEY.MAPS]),
  h("restoreq-maps", [VERB.RESTOREQ, KEY.MAPS]), h("quit", [VERB.QUIT], false), h("shutdown", [VERB.SHUTDOWN], false),
  h("getprstatus", [VERB.GETPRSTATUS, KEY.MAP]), h("setprstatus", [VERB.SETPRSTATUS, KEY.MAP]),
  h("setprstatus-pathlist", [VERB.SETPRSTATUS, KEY.MAP, KEY.PATHLIST]),
  h("unsetprstatus", [VERB.UNSETPRSTATUS, KEY.MAP]), h("forceq-daemon", [VERB.FORCEQ, KEY.DAEMON]),
  h("restoreq-daemon", [VERB.RESTOREQ, KEY.DAEMON]), h("getprkey", [VERB.GETPRKEY, KEY.MAP]),
  h("setprkey", [VERB.SETPRKEY, KEY.MAP, KEY.KEY]), h("unsetprkey", [VERB.UNSETPRKEY, KEY.MAP]),
  h("setmarginal-path", [VERB.SETMARGINAL, KEY.PATH]), h("unsetmarginal-path", [VERB.UNSETMARGINAL, KEY.PATH]),
  h("unsetmarginal-map", [VERB.UNSETMARGINAL, KEY.MAP]), h("getprhold", [VERB.GETPRHOLD, KEY.MAP]),
  h("setprhold", [VERB.SETPRHOLD, KEY.MAP]), h("unsetprhold", [VERB.UNSETPRHOLD, KEY.MAP]),
];

export function fingerprint(codes: readonly number[]): number {
  if (codes.length === 0 || codes.length > 4) return 0;
  return codes.reduce((fp, c, i) => (fp | (c << (8 * i))) >>> 0, 0);
}

const BY_FINGERPRINT = new Map(HANDLERS.map((x) => [fingerprint(x.codes), x]));

export function findHandler(codes: readonly number[]): Handler | undefined {
  const fp = fingerprint(codes);
  return fp ? BY_FINGERPRINT.get(fp) : undefined;
}
