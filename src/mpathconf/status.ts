// mpathconf's report when no setting is asked for, line for line as Red
// Hat's (RHEL 9.7 / 10 wording), from the facts found in the file.
import type { Found } from "./found.ts";

export type HostFacts = {
  /** undefined when --with_module n: the line is left out */
  moduleLoaded?: boolean;
  daemonRunning: boolean;
};

const FOREIGN = [
  "enable_foreign is not set (no foreign multipath devices will be shown)",
  "enable_foreign is set (all foreign multipath devices will be shown)",
  "enable_foreign is set (no foreign multipath devices will be shown)",
  "enable_foreign is set (foreign multipath devices may not be shown)",
];

export function statusReport(f: Found, host: HostFacts): string {
  const on = (flag: 0 | 1 | undefined, what: string) => `${what} is ${flag === 1 ? "enabled" : "disabled"}`;
  const out = [
    `multipath is ${f.disable === 1 ? "disabled" : "enabled"}`,
    `find_multipaths is ${f.find ?? "off"}`,
    on(f.friendly, "user_friendly_names"),
    on(f.recheckWwid, "recheck_wwid"),
    on(f.property, "default property blacklist"),
    FOREIGN[f.foreign ?? 0]!,
  ];
  if (host.moduleLoaded !== undefined) out.push(`dm_multipath module is ${host.moduleLoaded ? "loaded" : "not loaded"}`);
  out.push(`multipathd is ${host.daemonRunning ? "running" : "not running"}`);
  return out.join("\n") + "\n";
}
