// One mpathconf run decided from its inputs, with no I/O: what to print,
// which file to write with what, and what to do to the module and the
// daemon afterwards, all as Red Hat's script decides them. The tool reads
// the host into `World` and carries the plan out.
import { applyEdits } from "./edits.ts";
import { findFacts } from "./found.ts";
import { parseDoc, renderDoc } from "./lines.ts";
import { parseArgs, validate } from "./options.ts";
import { statusReport } from "./status.ts";
import { TEMPLATE } from "./template.ts";

export const CONFIG_FILE = "/etc/multipath.conf";

export type World = {
  /** /etc/multipath is a directory */
  multipathDir: boolean;
  /** /etc/multipath.conf when it is a regular file */
  config: string | null;
  moduleLoaded: () => boolean;
  daemonRunning: () => boolean;
  /** --allow arguments to WWIDs (device-mapper lookups) */
  resolveAllow: (args: readonly string[]) => string[];
};

export type Service = "start" | "stop" | "reload";

export type Plan = {
  stdout: string;
  /** set when the run ends here (usage, an invalid value, the status report) */
  exit?: number;
  write?: { path: string; before: string; text: string };
  /** after a successful write */
  loadModule: boolean;
  service?: Service;
};

export function plan(argv: readonly string[], self: string, w: World): Plan {
  const end = (stdout: string, exit: number): Plan => ({ stdout, exit, loadModule: false });
  const raw = parseArgs(argv, self);
  if ("exit" in raw) return end(raw.text, raw.exit);
  const s = validate(raw);
  if ("exit" in s) return end(s.text, s.exit);
  if (!w.multipathDir) return end(`${s.notes}/etc/multipath/ does not exist. failing\n`, 1);
  const before = w.config ?? TEMPLATE;
  const doc = parseDoc(before);
  const found = findFacts(doc, s.edits.option);
  // as the script: the module is looked at unless --with_module n, the daemon only for --with_multipathd y
  const moduleLoaded = s.withModule ? w.moduleLoaded() : undefined;
  const daemonRunning = s.withMultipathd ? w.daemonRunning() : undefined;
  if (s.status) {
    return end(s.notes + statusReport(found, { moduleLoaded, daemonRunning: daemonRunning ?? w.daemonRunning() }), 0);
  }
  if (s.edits.mode === "allow") s.edits.wwids = w.resolveAllow(s.allowArgs);
  const changed = applyEdits(doc, found, s.edits);
  const p: Plan = { stdout: s.notes, write: { path: s.outfile ?? CONFIG_FILE, before, text: renderDoc(doc) }, loadModule: false };
  // the script's closing if-chain
  if (s.edits.mode === "enable") {
    p.loadModule = moduleLoaded === false;
    if (daemonRunning === false) p.service = "start";
  } else if (s.edits.mode === "disable") {
    if (daemonRunning === true) p.service = "stop";
  } else if (changed && daemonRunning === true) p.service = "reload";
  return p;
}
