// mpathconf's report when no setting is asked for (Red Hat 9.7/10 wording).
import { findInSection, firstToken } from "./sections.ts";
import { isDisabled } from "./edits.ts";

export type Host = { moduleLoaded: boolean; daemonRunning: boolean };

export function statusReport(lines: readonly string[], host: Host, withModule: boolean): string {
  const first = (key: string) => {
    const i = findInSection(lines, "defaults", new RegExp(`^\\s*${key}\\s`))[0];
    return i === undefined ? undefined : firstToken(lines[i]!, key);
  };
  const enabled = (v: string | undefined) => (v === "yes" || v === "1" ? "enabled" : "disabled");
  let fm = first("find_multipaths") ?? "off";
  if (fm === "1") fm = "yes";
  if (fm === "0") fm = "no";
  const prop = findInSection(lines, "blacklist_exceptions", /^\s*property\s+"\(SCSI_IDENT_\|ID_WWN\)"/).length > 0;
  const ef = first("enable_foreign");
  const foreign = ef === undefined ? "enable_foreign is not set (no foreign multipath devices will be shown)"
    : ef === '".*"' ? "enable_foreign is set (all foreign multipath devices will be shown)"
    : ef === '"^$"' || ef === '"NONE"' ? "enable_foreign is set (no foreign multipath devices will be shown)"
    : "enable_foreign is set (foreign multipath devices may not be shown)";
  const out = [
    `multipath is ${isDisabled(lines) ? "disabled" : "enabled"}`,
    `find_multipaths is ${fm}`,
    `user_friendly_names is ${enabled(first("user_friendly_names"))}`,
    `recheck_wwid is ${enabled(first("recheck_wwid"))}`,
    `default property blacklist is ${prop ? "enabled" : "disabled"}`,
    foreign,
  ];
  if (withModule) out.push(`dm_multipath module is ${host.moduleLoaded ? "loaded" : "not loaded"}`);
  out.push(`multipathd is ${host.daemonRunning ? "running" : "not running"}`);
  return out.join("\n") + "\n";
}
