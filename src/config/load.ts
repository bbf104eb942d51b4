// Loading: built-in table, /etc/multipath.conf, then config_dir/*.conf in
// name order, each file post-processed as upstream does.
import { readFileSync, readdirSync } from "node:fs";
import { BUILTIN_HWTABLE } from "./builtinHwtable.ts";
import { copyBuiltinEntry, factorizeDevices, finishConfig, validateProtocols } from "./merge.ts";
import { type LoadState, parseFileInto } from "./parse.ts";
import type { Blacklist, Config, ConfigResult, DeviceEntry } from "./schema.ts";
import type { ParseContext } from "./valueKinds.ts";

export const DEFAULT_CONFIG_FILE = "/etc/multipath.conf";
export const DEFAULT_CONFIG_DIR = "/etc/multipath/conf.d";

const emptyBlacklist = (): Blacklist => ({ devnode: [], wwid: [], property: [], protocol: [], device: [] });

export type LoadOptions = {
  file?: string;
  configDir?: string;
  /** replaces the compiled-in hardware table (tests, differential runs against older tables) */
  builtinHwtable?: readonly DeviceEntry[];
  nvmeNativeMultipath?: boolean;
  /** host facts for max_fds and uid/gid names; loadConfig reads them from the system */
  host?: ParseContext;
};

function newState(builtin: readonly DeviceEntry[], host: ParseContext = {}): LoadState {
  const config: Config = {
    defaults: {},
    blacklist: emptyBlacklist(),
    blacklistExceptions: emptyBlacklist(),
    devices: builtin.map(copyBuiltinEntry),
    builtinDeviceCount: builtin.length,
    overrides: null,
    multipaths: [],
  };
  return { config, diagnostics: [], warnedDeprecated: new Set(), failed: false, host };
}

/** one file's text through parse + per-file merge */
function addFile(state: LoadState, bytes: string, file: string, desc: string): void {
  const hwBefore = state.config.devices.length;
  const pcBefore = state.config.overrides?.protocols.length ?? 0;
  parseFileInto(state, bytes, file);
  factorizeDevices(state, hwBefore, desc);
  validateProtocols(state, pcBefore, desc);
}

function result(state: LoadState): ConfigResult {
  const r: ConfigResult = { config: state.config, diagnostics: state.diagnostics };
  if (state.failed) r.failed = true;
  return r;
}

/** JS string -> the byte text the parser works on (one char per UTF-8 byte) */
function toByteText(text: string): string {
  return Buffer.from(text, "utf8").toString("latin1");
}

/** Parse one candidate file on its own (built-in table included), e.g. for mpathconf. */
export function parseConfigText(text: string, file: string, opts: Omit<LoadOptions, "file" | "configDir"> = {}): ConfigResult {
  const state = newState(opts.builtinHwtable ?? BUILTIN_HWTABLE, opts.host);
  addFile(state, toByteText(text), file, file);
  if (state.failed) state.diagnostics.push({ severity: "error", file, line: 0, message: "error parsing config file" });
  finishConfig(state, opts);
  return result(state);
}

function readBytes(path: string): string | null {
  try {
    return readFileSync(path).toString("latin1");
  } catch {
    return null;
  }
}

/** nr_open and a getpwnam() equivalent over /etc/passwd */
export function systemFacts(): ParseContext {
  const facts: ParseContext = {};
  const nr = readBytes("/proc/sys/fs/nr_open");
  if (nr !== null && /^\d+/.test(nr)) facts.nrOpen = parseInt(nr, 10);
  let users: Map<string, { uid: number; gid: number }> | undefined;
  facts.lookupUser = (name) => {
    if (!users) {
      users = new Map();
      for (const line of (readBytes("/etc/passwd") ?? "").split("\n")) {
        const f = line.split(":");
        if (f.length >= 4 && /^\d+$/.test(f[2]!) && /^\d+$/.test(f[3]!)) users.set(f[0]!, { uid: Number(f[2]), gid: Number(f[3]) });
      }
    }
    return users.get(name);
  };
  return facts;
}

function nvmeMultipathEnabled(): boolean {
  const v = readBytes("/sys/module/nvme_core/parameters/multipath");
  return v !== null && v.startsWith("Y");
}

/** alphasort order: strcoll in the C locale, i.e. byte order */
function confFiles(dir: string): string[] | null {
  try {
    return readdirSync(dir, { encoding: "latin1" })
      .filter((n) => n.lastIndexOf(".") >= 0 && n.slice(n.lastIndexOf(".")) === ".conf")
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch {
    return null;
  }
}

export function loadConfig(opts: LoadOptions = {}): ConfigResult {
  const file = opts.file ?? DEFAULT_CONFIG_FILE;
  const dir = opts.configDir ?? DEFAULT_CONFIG_DIR;
  const state = newState(opts.builtinHwtable ?? BUILTIN_HWTABLE, opts.host ?? systemFacts());
  const main = readBytes(file);
  if (main !== null) addFile(state, main, file, file);
  if (state.failed) state.diagnostics.push({ severity: "error", file, line: 0, message: "error parsing config file" });
  if (!state.failed) {
    for (const name of confFiles(dir) ?? []) {
      const bytes = readBytes(`${dir}/${name}`);
      if (bytes === null) continue;
      addFile(state, bytes, `${dir}/${name}`, name);
      // upstream ignores the result of parsing config_dir files: only the main file can fail the load
      state.failed = false;
    }
  }
  finishConfig(state, { nvmeNativeMultipath: opts.nvmeNativeMultipath ?? nvmeMultipathEnabled() });
  return result(state);
}
