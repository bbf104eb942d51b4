// mpathconf's command line as Red Hat's script reads it: left to right, the
// last of each kind wins (--allow accumulates), an empty word stops, a
// missing value prints the usage with status 1, an unknown word the usage
// with status 0. Validation comes after, in the script's order, with its
// messages (on stdout).
import type { Edits, Mode } from "./edits.ts";

export function usage(self: string): string {
  return `usage: ${self} <command>

Commands:
Enable: --enable 
Disable: --disable
Only allow certain wwids (instead of enable): --allow <WWID>
Set user_friendly_names (Default y): --user_friendly_names <y|n>
Set find_multipaths (Default on): --find_multipaths <on|yes|y|off|no|n|strict|greedy|smart>
Set default property blacklist (Default n): --property_blacklist <y|n>
Set enable_foreign to show foreign devices (Default n): --enable_foreign <y|n>
Set recheck_wwid (Defaut n): --recheck_wwid <y|n>
Add/Change/Remove option in defaults section: --option <option_name>:<value>
Load the dm-multipath modules on enable (Default y): --with_module <y|n>
start/stop/reload multipathd (Default n): --with_multipathd <y|n>
select output file (Default /etc/multipath.conf): --outfile <FILE>

`;
}

export type Raw = {
  mode?: Mode;
  /** --allow arguments (their first word, as the script's unquoted expansion passes them) */
  allow: string[];
  friendly?: string; recheck?: string; find?: string; property?: string; foreign?: string;
  option?: { name: string; value: string };
  module?: string; multipathd?: string; outfile?: string;
};

export type Stop = { exit: number; text: string };

/** The words of an unquoted shell expansion (IFS: space, tab, newline). */
const words = (s: string) => s.split(/[ \t\n]+/).filter(Boolean);

const VALUED = {
  "--user_friendly_names": "friendly", "--recheck_wwid": "recheck", "--find_multipaths": "find", "--property_blacklist": "property",
  "--enable_foreign": "foreign", "--with_module": "module", "--with_multipathd": "multipathd", "--outfile": "outfile",
} as const;

export function parseArgs(argv: readonly string[], self: string): Raw | Stop {
  const r: Raw = { allow: [] };
  for (let i = 0; i < argv.length && argv[i] !== ""; i++) {
    const a = argv[i]!;
    if (a === "--enable" || a === "--disable") {
      r.mode = a === "--enable" ? "enable" : "disable";
      continue;
    }
    const known = a === "--allow" || a === "--option" || a in VALUED;
    if (!known) return { exit: 0, text: usage(self) };
    const v = argv[i + 1] ?? "";
    if (v === "") return { exit: 1, text: usage(self) };
    i++;
    if (a === "--allow") {
      r.mode = "allow";
      r.allow.push(words(v)[0] ?? "");
    } else if (a === "--option") {
      // `echo $2 | cut -s -d: -f1` and `-f2`: words joined by one space, no colon gives no name
      const fields = words(v).join(" ").split(":");
      const name = fields.length > 1 ? fields[0]! : "";
      if (!name) return { exit: 1, text: usage(self) };
      r.option = { name, value: fields[1] ?? "" };
    } else r[VALUED[a as keyof typeof VALUED]] = v;
  }
  return r;
}

export type Settings = {
  edits: Edits;
  /** no setting asked for: print the status report */
  status: boolean;
  withModule: boolean;
  withMultipathd: boolean;
  outfile?: string;
  allowArgs: string[];
  /** messages printed before going on (the disable warning) */
  notes: string;
};

const yn = (v: string | undefined) => (v === undefined ? undefined : v === "y");

export function validate(raw: Raw): Settings | Stop {
  const r = { ...raw };
  let notes = "";
  if (r.mode === "disable" && (r.friendly ?? r.find ?? r.property ?? r.module ?? r.foreign ?? r.option ?? r.recheck) !== undefined) {
    notes += "ignoring extra parameters on disable\n";
    r.friendly = r.find = r.property = r.module = r.foreign = r.recheck = undefined;
    r.option = undefined;
  }
  const fail = (msg: string): Stop => ({ exit: 1, text: `${notes}${msg}\n` });
  const ynOnly = (v: string | undefined, opt: string) => (v !== undefined && v !== "y" && v !== "n" ? fail(`${opt} must be either 'y' or 'n'`) : null);
  const bad = ynOnly(r.friendly, "--user_friendly_names") ?? ynOnly(r.recheck, "--recheck_wwid");
  if (bad) return bad;
  if (r.find === "y") r.find = "on";
  else if (r.find === "n") r.find = "off";
  else if (r.find !== undefined && !["on", "yes", "off", "no", "strict", "greedy", "smart"].includes(r.find)) {
    return fail("--find_multipaths must be one of 'on' 'yes' 'y' 'off' 'no' 'n' 'strict' 'greedy' or 'smart'");
  }
  const bad2 = ynOnly(r.property, "--property_blacklist") ?? ynOnly(r.foreign, "--enable_foreign");
  if (bad2) return bad2;
  let option = r.option;
  if (option) {
    if (/[ \t\n\v\f\r#"!{}]/.test(option.name)) return fail(`--option name "${option.name}" is invalid`);
    if (/["#!{}]/.test(option.value)) return fail(`--option value "${option.value}" is invalid`);
    if (/[ \t\n\v\f\r]/.test(option.value)) option = { ...option, value: `"${option.value}"` };
  }
  const status = r.mode === undefined && [r.find, r.friendly, r.property, r.foreign, option, r.recheck].every((v) => v === undefined);
  const bad3 = ynOnly(r.module, "--with_module") ?? ynOnly(r.multipathd, "--with_multipathd");
  if (bad3) return bad3;
  if (r.mode === "allow" && r.outfile === undefined) {
    return fail("Because --allow makes changes that cannot be automatically reversed,\nyou must set --outfile when you set --allow");
  }
  const edits: Edits = { wwids: [] };
  if (r.mode) edits.mode = r.mode;
  if (r.find !== undefined) edits.find = r.find;
  const set = <K extends "friendly" | "recheckWwid" | "property" | "foreign">(k: K, v: string | undefined) => {
    const b = yn(v);
    if (b !== undefined) edits[k] = b;
  };
  set("friendly", r.friendly);
  set("recheckWwid", r.recheck);
  set("property", r.property);
  set("foreign", r.foreign);
  if (option) edits.option = option;
  const s: Settings = {
    edits, status, withModule: r.module !== "n", withMultipathd: r.multipathd === "y", allowArgs: r.allow, notes,
  };
  if (r.outfile !== undefined) s.outfile = r.outfile;
  return s;
}
