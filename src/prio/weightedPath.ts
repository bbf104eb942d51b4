// The weightedpath prioritizer: prio_args "<kind> <regex> <prio> ..." where
// kind is hbtl, devname, serial or wwn; the first regex (POSIX extended,
// unanchored) that matches the path's string gives its priority, else 0.
import { pure } from "../checkers/io.ts";
import { compileEre } from "../config/posixRegex.ts";
import { condlog } from "../log.ts";
import { atoi } from "./cParse.ts";
import type { PrioPathFacts, Prioritizer } from "./context.ts";

const DEFAULT_PRIORITY = 0;

/** Tokens as strsep over blanks and tabs yields them, empty ones skipped. */
export const argTokens = (args: string) => args.split(/[ \t]/).filter((t) => t !== "");

/** The string a kind matches against, or undefined for an unknown kind. */
export function weightedSubject(kind: string, p: PrioPathFacts, fcp: boolean): string | undefined {
  switch (kind) {
    case "hbtl": {
      const h = p.hcil;
      // an unset sg_id prints as zeros
      return h ? `${h.host}:${h.channel}:${h.id}:${h.lun}` : "0:0:0:0";
    }
    case "devname":
      return p.dev;
    case "serial":
      return p.serial;
    case "wwn": {
      const fc = (v: string | undefined) => (!fcp ? "[undef]" : v ?? "[unknown]");
      const tgtWwnn = p.tgtNodeName === "" ? "[undef]" : p.tgtNodeName;
      return `${fc(p.fc?.hostWwnn)}:${fc(p.fc?.hostWwpn)}:${tgtWwnn}:${fc(p.fc?.tgtWwpn)}`;
    }
    default:
      return undefined;
  }
}

export function weightedPathPrio(p: PrioPathFacts, args: string, fcp: boolean, prioName = "weightedpath"): number {
  const tokens = argTokens(args);
  const kind = tokens.shift();
  if (kind === undefined) return DEFAULT_PRIORITY;
  const subject = weightedSubject(kind, p, fcp);
  if (subject === undefined) {
    condlog(0, `${p.dev}: ${prioName} - Invalid arguments`);
    return DEFAULT_PRIORITY;
  }
  while (tokens.length >= 2) {
    const regex = tokens.shift()!, prio = tokens.shift()!;
    const re = compileEre(regex);
    if (re?.test(subject)) return atoi(prio);
  }
  return DEFAULT_PRIORITY;
}

export const weightedPath: Prioritizer = {
  name: "weightedpath",
  getPrio: (ctx) => pure(weightedPathPrio(ctx.path, ctx.args, ctx.path.fc !== undefined)),
};
