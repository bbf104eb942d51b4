// The iet prioritizer (iSCSI initiators): prio_args "preferredip=<a.b.c.d>".
// The path's /dev/disk/by-path link names the portal; 20 when its address
// is the preferred one, 10 otherwise, 0 for bad arguments. Upstream's
// matching is by prefix both ways (device name and address), kept here.
import { pure } from "../checkers/io.ts";
import { compileEre } from "../config/posixRegex.ts";
import { condlog } from "../log.ts";
import type { PrioContext, Prioritizer } from "./context.ts";

const IP = compileEre("([0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3})")!;
const SD = compileEre("(sd[a-z]+)")!;

/** sscanf("preferredip=%s"): the first word after the prefix, or undefined. */
export function preferredIpArg(args: string): string | undefined {
  if (!args.startsWith("preferredip=")) return undefined;
  const m = /^[ \t\n\v\f\r]*([^ \t\n\v\f\r]+)/.exec(args.slice(12));
  return m?.[1];
}

export function ietPrio(dev: string, args: string, links: { name: string; target: string }[] | null): number {
  const log = (msg: string) => condlog(0, `${dev}: iet prio: ${msg}`);
  const preferred = preferredIpArg(args);
  if (preferred === undefined) {
    log("unexpected prio_args format");
    return 0;
  }
  if (preferred.length <= 7) {
    log("prio args: preferredip too short");
    return 0;
  }
  if (links === null) return 10;
  for (const l of links) {
    if (l.name.startsWith(".")) continue;
    const device = SD.exec(l.target)?.[0];
    if (device === undefined || !dev.startsWith(device)) continue;
    const ip = IP.exec(l.name)?.[0];
    if (ip !== undefined && preferred.startsWith(ip)) return 20;
  }
  return 10;
}

export const iet: Prioritizer = {
  name: "iet",
  getPrio: (ctx: PrioContext) => pure(ietPrio(ctx.path.dev, ctx.args, ctx.byPathLinks())),
};
