// What `multipath -ll` (and later the daemon) learns by talking to a path:
// its ALUA support, the checker state and the priority, with the checker and
// prioritizer the configuration selects for it (pathinfo's DI_CHECKER and
// DI_PRIO steps).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/index.ts";
import { findDeviceEntries } from "../config/hwMatch.ts";
import { ORIGIN } from "../config/origins.ts";
import { type PathFacts as ConfigPathFacts, type PathSettings, type Tpgs, selectPathSettings } from "../config/pathSettings.ts";
import { type MapCheckerContext, PLUGIN_DIR, type PathChecker, createChecker } from "../checkers/registry.ts";
import { STATE_NUMBER, type CheckResult, checkerLogLine, result } from "../checkers/state.ts";
import type { PathFacts } from "../discovery/pathFacts.ts";
import { PathIo } from "../io/pathIo.ts";
import { runConcurrently } from "../io/sgAsync.ts";
import type { Io, IoReply } from "../checkers/io.ts";
import { LOG, type LogEntry, condlog, replayLogs, withLogBuffer } from "../log.ts";
import { PRIO_ARGS_MAX, PRIO_UNDEF } from "../prio/context.ts";
import { strtoul } from "../prio/cParse.ts";
import { findPrioritizer } from "../prio/registry.ts";
import { prioContext } from "./prioContext.ts";
import { confirmAlua, rdacProgram, tpgsProgram } from "./pathProbe.ts";
import { wwidOf } from "../discovery/wwid.ts";
import { nvmeSelectionFacts } from "./nvmeFacts.ts";
import { settingsFacts } from "./settingsFacts.ts";

export type PathCheck = { settings: PathSettings; check: CheckResult; priority: number; tpgs: Tpgs; wwid?: string };

const TPGS: Tpgs[] = ["none", "implicit", "explicit", "both"];

function sysfsTimeout(f: PathFacts): number | undefined {
  if (f.bus !== "scsi") return undefined;
  try {
    const t = strtoul(readFileSync(join(f.syspath, "device/timeout"), "latin1"), 0);
    return t.consumed > 0 && t.value > 0 && t.value <= 0xffffffff ? t.value : undefined;
  } catch {
    return undefined;
  }
}

/** The facts property selection needs, with those only I/O can tell
 * (WWID by the selected uid_attribute, ALUA support from INQUIRY, an RDAC
 * array from VPD 0xC9 when detection needs it). */
export function* selectionProgram(config: Config, f: PathFacts): Io<ConfigPathFacts> {
  const base = settingsFacts(f);
  const timeout = sysfsTimeout(f);
  if (timeout !== undefined) base.sysfsTimeout = timeout;
  const first = selectPathSettings(config, base);
  const uid = first.uid_attribute.value;
  const wwid = wwidOf(f, uid, f.udev, condlog);
  const sel = wwid === undefined ? first : selectPathSettings(config, { ...base, wwid });
  // udev's SCSI_TPGS (from its own INQUIRY) saves a command per path
  const fromUdev = f.udev?.get("SCSI_TPGS");
  const live = f.bus === "scsi" && f.sysfsState === "up";
  let tpgs: Tpgs = fromUdev !== undefined && /^[0-3]$/.test(fromUdev) ? TPGS[Number(fromUdev)]!
    : live ? yield* guarded(tpgsProgram(), "undef") : "undef";
  // path_get_tpgs runs where upstream needs the answer: checker or prio
  // detection, or the alua prioritizer
  const needTpgs = sel.detect_checker.value === "yes" || sel.detect_prio.value === "yes" || sel.prio.value === "alua";
  if (live && needTpgs && tpgs !== "none" && tpgs !== "undef") {
    // detect_alua: claimed support counts only if the group's state can be read
    const confirmed = yield* guarded(confirmAlua(prioContext(f, "", sel.checker_timeout.value * 1000)), "undef");
    if (confirmed !== "ok") tpgs = confirmed;
  }
  const hasAccessState = existsSync(join(f.syspath, "device/access_state"));
  const facts: ConfigPathFacts = { ...settingsFacts(f, wwid), tpgs, hasAccessState, ...nvmeSelectionFacts(f) };
  if (timeout !== undefined) facts.sysfsTimeout = timeout;
  // check_rdac runs when checker detection is on, or prio detection has to
  // choose between sysfs and alua for implicit ALUA
  const detectPrioNeedsIt = sel.detect_prio.value === "yes" && tpgs !== "none" && tpgs !== "explicit" && hasAccessState;
  if (live && (sel.detect_checker.value === "yes" || detectPrioNeedsIt)) {
    const hwChecker = findDeviceEntries(config, { vendor: f.vendor, product: f.product, revision: f.rev })
      .find((h) => h.path_checker !== undefined)?.path_checker;
    facts.rdac = yield* guarded(rdacProgram(hwChecker), false);
  }
  return facts;
}

/** The selection facts on their own, synchronously (multipath -X). */
export function selectionFacts(config: Config, f: PathFacts): ConfigPathFacts {
  return runOn(f, selectionProgram(config, f));
}

/** A program whose I/O failing (the node does not open) gives `fallback`. */
function* guarded<T>(program: Io<T>, fallback: T): Io<T> {
  try {
    return yield* program;
  } catch {
    return fallback;
  }
}

/** Checks paths the way one multipath run does: a path keeps its checker
 * object across the run's passes (rdac sets TAS once, emc_clariion keeps
 * the LUN WWN), as upstream keeps pp->checker. */
export class PathProber {
  private checkers = new Map<string, { name: string; checker: PathChecker }>();
  /** selection facts found by I/O are kept for the run, as upstream keeps pp->tpgs */
  private facts = new Map<string, ConfigPathFacts>();

  constructor(private readonly config: Config) {}

  private *selection(f: PathFacts): Io<ConfigPathFacts> {
    let sf = this.facts.get(f.devt);
    if (!sf) this.facts.set(f.devt, (sf = yield* selectionProgram(this.config, f)));
    return sf;
  }

  private checkerFor(f: PathFacts, settings: PathSettings): PathChecker | undefined {
    const name = settings.path_checker.value;
    const have = this.checkers.get(f.devt);
    if (have?.name === name) return have.checker;
    const c = createChecker(name);
    if (!c) {
      condlog(LOG.ERR, `Checker '${name}' not found in ${PLUGIN_DIR}`);
      return undefined;
    }
    condlog(LOG.INFO, `${f.dev}: path_checker = ${c.name} ${settings.path_checker.origin}`);
    condlog(LOG.INFO, `${f.dev}: checker timeout = ${settings.checker_timeout.value} s ${settings.checker_timeout.origin}`);
    this.checkers.set(f.devt, { name, checker: c });
    return c;
  }

  /** DI_CHECKER: the checker's verdict (sysfs' when the path is not running). */
  private *checkerState(f: PathFacts, settings: PathSettings, map?: MapCheckerContext): Io<CheckResult> {
    if (f.sysfsState !== "up") {
      condlog(LOG.INFO, `${f.dev}: path inaccessible`);
      return result(f.sysfsState === "pending" ? "pending" : f.sysfsState === "removed" ? "removed" : "down", "");
    }
    const checker = this.checkerFor(f, settings);
    if (!checker) {
      condlog(LOG.INFO, `${f.dev}: No checker selected`);
      return result("unchecked", "");
    }
    // a node that does not open: pathinfo's blank path
    let r = yield* guarded(checker.check({ timeoutS: settings.checker_timeout.value, sysfsState: "up", ...(map ? { map } : {}) }), null);
    if (r === null) return result("down", "");
    condlog(LOG.INFO, `${f.dev}: ${checker.name} state = ${r.state}`);
    const line = checkerLogLine(f.dev, checker.name, r);
    if (line) condlog(LOG.INFO, line);
    // timeout and disconnected are never kept as states
    if (r.state === "timeout" || r.state === "disconnected") r = { ...r, state: "down" };
    if (r.state === "up" && f.sizeSectors === 0) {
      condlog(LOG.INFO, `${f.dev}: device size is 0, path unusable`);
      r = { ...r, state: "ghost" };
    }
    return r;
  }

  /** DI_PRIO: the priority, PRIO_UNDEF when it cannot be had. */
  private *priority(f: PathFacts, settings: PathSettings, state: CheckResult): Io<number> {
    const name = settings.prio.value;
    const origin = settings.prio.origin;
    // select_prio: the emergency fallback from alua is worth a warning
    condlog(origin === ORIGIN.aluaFailed ? LOG.WARN : LOG.INFO, `${f.dev}: prio = ${name} ${origin}`);
    condlog(LOG.INFO, `${f.dev}: prio args = "${settings.prio_args.value}" ${origin}`);
    const prio = findPrioritizer(name);
    if (!prio) {
      condlog(LOG.ERR, `Prioritizer '${name}' not found in ${PLUGIN_DIR}`);
      condlog(LOG.INFO, `${f.dev}: no prio selected`);
      return PRIO_UNDEF;
    }
    const ctx = prioContext(f, settings.prio_args.value.slice(0, PRIO_ARGS_MAX),
      state.state === "down" ? 10 : settings.checker_timeout.value * 1000);
    const p = yield* guarded(prio.getPrio(ctx), PRIO_UNDEF);
    if (p < 0) {
      // only running paths get here: upstream names their sysfs state's number
      condlog(LOG.INFO, `${f.dev}: ${prio.name} prio error in state ${STATE_NUMBER.up}`);
      return PRIO_UNDEF;
    }
    condlog(LOG.INFO, `${f.dev}: ${prio.name} prio = ${p}`);
    return p;
  }

  /** Checker and priority of a path, as pathinfo(DI_CHECKER|DI_PRIO). */
  *checkProgram(f: PathFacts, map?: MapCheckerContext): Io<PathCheck> {
    const sf = yield* this.selection(f);
    const { wwid, tpgs = "undef" } = sf;
    const settings = selectPathSettings(this.config, sf);
    const check = yield* this.checkerState(f, settings, map);
    // the priority is read from live paths with a WWID
    const priority = f.sysfsState === "up" && wwid ? yield* this.priority(f, settings, check) : PRIO_UNDEF;
    return { settings, check, priority, tpgs, ...(wwid === undefined ? {} : { wwid }) };
  }

  /** Only the checker (the first pass of -ll over every path). */
  *checkOnlyProgram(f: PathFacts): Io<CheckResult> {
    const settings = selectPathSettings(this.config, yield* this.selection(f));
    return yield* this.checkerState(f, settings);
  }

  checkPath(f: PathFacts, map?: MapCheckerContext): PathCheck {
    return runOn(f, this.checkProgram(f, map));
  }

  checkOnly(f: PathFacts): CheckResult {
    return runOn(f, this.checkOnlyProgram(f));
  }
}

/** A program run synchronously against the path's device node. */
function runOn<T>(f: PathFacts, program: Io<T>): T {
  const io = new PathIo(`/dev/${f.dev}`);
  try {
    return io.run(program);
  } finally {
    io.close();
  }
}

/** At most this many paths are probed at once (each holds two fds). */
const WINDOW = 64;

/**
 * Run one program per path with the SCSI commands of all of them in flight
 * together (the time of the slowest path rather than the sum), their
 * messages kept and written afterwards in the order of `work`, as a
 * one-by-one run would have logged them. A program that failed throws here.
 */
export function probeConcurrently<T>(work: readonly { f: PathFacts; program: Io<T> }[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < work.length; i += WINDOW) {
    const batch = work.slice(i, i + WINDOW);
    const logs = batch.map((): LogEntry[] => []);
    const run = runConcurrently(batch.map((w, j) => ({ dev: w.f.dev, program: buffered(w.program, logs[j]!) })));
    for (const l of logs) replayLogs(l);
    for (const r of run.results) {
      if ("error" in r) throw r.error;
      out.push(r.value);
    }
  }
  return out;
}

/** A program whose messages go to `into`, step by step. */
function* buffered<T>(program: Io<T>, into: LogEntry[]): Io<T> {
  let step = withLogBuffer(into, () => program.next());
  while (!step.done) {
    let reply: IoReply | undefined;
    let failure: { e: unknown } | undefined;
    try {
      reply = yield step.value;
    } catch (e) {
      failure = { e };
    }
    step = withLogBuffer(into, () => (failure ? program.throw(failure.e) : program.next(reply!)));
  }
  return step.value;
}

/** One path checked on its own. */
export function checkPath(config: Config, f: PathFacts): PathCheck {
  return new PathProber(config).checkPath(f);
}
