// mpathconf: Red Hat's tool to create and edit /etc/multipath.conf and turn
// multipathing on. Edits as the original; the new file is checked with the
// config engine and installed atomically (the old one kept as FILE.old).
import { existsSync, readFileSync } from "node:fs";
import { stdout } from "../../cli/io.ts";
import { TEMPLATE } from "../../mpathconf/sections.ts";

const CONF = "/etc/multipath.conf";

function usage(): string {
  return `usage: mpathconf <command>

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

type Opts = {
  enable?: boolean; disable?: boolean; allow: string[]; ufn?: boolean; fm?: string; pb?: boolean; ef?: boolean;
  rw?: boolean; option?: [string, string]; withModule: boolean; withMultipathd: boolean; outfile?: string;
};

const YN = (v: string) => (v === "y" ? true : v === "n" ? false : undefined);

function parse(argv: string[]): Opts | { exit: number; text: string } {
  const o: Opts = { allow: [], withModule: true, withMultipathd: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "") break;
    const needsValue = ["--allow", "--user_friendly_names", "--find_multipaths", "--property_blacklist", "--enable_foreign",
      "--recheck_wwid", "--option", "--with_module", "--with_multipathd", "--outfile"];
    let v = "";
    if (needsValue.includes(a)) {
      v = argv[++i] ?? "";
      if (!v) return { exit: 1, text: usage() };
    }
    const bad = (what: string) => ({ exit: 1, text: `${what}\n${usage()}` });
    switch (a) {
      case "--enable": o.enable = true; o.disable = false; break;
      case "--disable": o.disable = true; o.enable = false; break;
      case "--allow": if (!o.allow.includes(v)) o.allow.push(v); break;
      case "--user_friendly_names": if ((o.ufn = YN(v)) === undefined) return bad("--user_friendly_names must be either 'y' or 'n'"); break;
      case "--find_multipaths":
        if (!["on", "yes", "y", "off", "no", "n", "strict", "greedy", "smart"].includes(v)) {
          return bad("--find_multipaths must be one of 'on' 'yes' 'y' 'off' 'no' 'n' 'strict' 'greedy' or 'smart'");
        }
        o.fm = v;
        break;
      case "--property_blacklist": if ((o.pb = YN(v)) === undefined) return bad("--property_blacklist must be either 'y' or 'n'"); break;
      case "--enable_foreign": if ((o.ef = YN(v)) === undefined) return bad("--enable_foreign must be either 'y' or 'n'"); break;
      case "--recheck_wwid": if ((o.rw = YN(v)) === undefined) return bad("--recheck_wwid must be either 'y' or 'n'"); break;
      case "--with_module": { const y = YN(v); if (y === undefined) return bad("--with_module must be either 'y' or 'n'"); o.withModule = y; break; }
      case "--with_multipathd": { const y = YN(v); if (y === undefined) return bad("--with_multipathd must be either 'y' or 'n'"); o.withMultipathd = y; break; }
      case "--outfile": o.outfile = v; break;
      case "--option": {
        if (!v.includes(":")) return { exit: 1, text: usage() };
        const name = v.split(":")[0]!, value = v.split(":")[1] ?? "";
        if (!name || /[\s#"!{}]/.test(name)) return bad(`--option name must not contain whitespace or any of: # " ! { }`);
        if (/["#!{}]/.test(value)) return bad(`--option value must not contain any of: " # ! { }`);
        o.option = [name, value];
        break;
      }
      default:
        return { exit: 0, text: usage() };
    }
  }
  return o;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === "-h" || argv[0] === "--help") {
    stdout(usage());
    return 0;
  }
  const p = parse(argv);
  if ("exit" in p) {
    stdout(p.text);
    return p.exit;
  }
  if (p.allow.length && !p.outfile) {
    stdout("changes made by --allow cannot be reverted. you must set --outfile\n");
    return 1;
  }
  if (!existsSync("/etc/multipath")) {
    stdout("/etc/multipath/ does not exist. failing\n");
    return 1;
  }
  const text = existsSync(CONF) ? readFileSync(CONF, "latin1") : TEMPLATE;
  const lines = text.split("\n");
  const host = await import("./host.ts");
  const setting = p.enable !== undefined || p.disable !== undefined || p.allow.length > 0 || p.ufn !== undefined ||
    p.fm !== undefined || p.pb !== undefined || p.ef !== undefined || p.rw !== undefined || p.option !== undefined;
  if (!setting) {
    const { statusReport } = await import("../../mpathconf/status.ts");
    stdout(statusReport(lines, host.hostState(), p.withModule));
    return 0;
  }
  if (p.disable && (p.allow.length || p.ufn !== undefined || p.fm !== undefined || p.pb !== undefined ||
    p.ef !== undefined || p.rw !== undefined || p.option !== undefined)) {
    stdout("ignoring extra parameters on disable\n");
    Object.assign(p, { allow: [], ufn: undefined, fm: undefined, pb: undefined, ef: undefined, rw: undefined, option: undefined, withModule: false });
  }
  const e = await import("../../mpathconf/edits.ts");
  e.ensureSections(lines);
  let changed = false;
  if (p.enable) e.enable(lines), (changed = true);
  if (p.disable) e.disable(lines), (changed = true);
  if (p.allow.length) {
    const { wwidsFor } = await import("./allow.ts");
    e.allow(lines, await wwidsFor(p.allow));
  }
  if (p.fm !== undefined) changed = e.setFindMultipaths(lines, p.fm) || changed;
  if (p.ufn !== undefined) changed = e.setYesNo(lines, "user_friendly_names", p.ufn) || changed;
  if (p.rw !== undefined) changed = e.setYesNo(lines, "recheck_wwid", p.rw) || changed;
  if (p.pb !== undefined) changed = e.setPropertyBlacklist(lines, p.pb) || changed;
  if (p.ef !== undefined) changed = e.setEnableForeign(lines, p.ef) || changed;
  if (p.option) changed = e.setOption(lines, p.option[0], p.option[1]) || changed;
  const out = p.outfile ?? CONF;
  const result = lines.join("\n");
  const { installChecked } = await import("./install.ts");
  const rc = await installChecked(out, result);
  if (rc !== 0) return rc;
  return host.serviceActions({ enable: p.enable === true, disable: p.disable === true, changed, withModule: p.withModule, withMultipathd: p.withMultipathd });
}
