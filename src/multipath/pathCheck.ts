// What `multipath -ll` (and later the daemon) learns by talking to a path:
// its ALUA support, the checker state and the priority, with the checker and
// prioritizer the configuration selects for it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/index.ts";
import { type PathFacts as ConfigPathFacts, type PathSettings, type Tpgs, selectPathSettings } from "../config/pathSettings.ts";
import { directioCheck } from "../checkers/directio.ts";
import type { CheckResult } from "../checkers/state.ts";
import { turCheck } from "../checkers/tur.ts";
import type { PathFacts } from "../discovery/pathFacts.ts";
import { sgIo, sgOk, withSgDevice } from "../io/sg.ts";
import { LOG, condlog } from "../log.ts";
import { PRIO_UNDEF, aluaPrio, sysfsPrio } from "../prio/prioritizers.ts";
import { inquiry } from "../scsi/commands.ts";
import { parseStandardInquiry } from "../scsi/vpd.ts";
import { pathWwid } from "./pathWwid.ts";
import { settingsFacts } from "./settingsFacts.ts";

export type PathCheck = { settings: PathSettings; check: CheckResult; priority: number; tpgs: Tpgs; wwid?: string };

const TPGS: Tpgs[] = ["none", "implicit", "explicit", "both"];

function readTpgs(devnode: string): Tpgs {
  try {
    return withSgDevice(devnode, (fd) => {
      const r = sgIo(fd, inquiry(undefined, 96));
      const inq = sgOk(r) ? parseStandardInquiry(r.data) : null;
      return inq ? TPGS[inq.tpgs]! : "undef";
    });
  } catch {
    return "undef";
  }
}

const warned = new Set<string>();
function unsupported(kind: string, name: string): void {
  if (warned.has(`${kind}:${name}`)) return;
  warned.add(`${kind}:${name}`);
  condlog(LOG.WARN, `${kind} ${name} is not implemented yet in mpathbox`);
}

function runChecker(name: string, devnode: string, timeoutS: number): CheckResult {
  switch (name) {
    case "tur":
      return turCheck(devnode, timeoutS);
    case "directio":
      return directioCheck(devnode);
    case "none":
      return { state: "up", message: "" };
    default:
      unsupported("checker", name);
      return { state: "unchecked", message: "" };
  }
}

function runPrio(name: string, args: string, f: PathFacts, devnode: string, timeoutS: number): number {
  switch (name) {
    case "const":
      return 1;
    case "sysfs":
      return sysfsPrio(f.syspath, args);
    case "alua":
      return aluaPrio(f.dev, devnode, args, timeoutS);
    default:
      unsupported("prioritizer", name);
      return PRIO_UNDEF;
  }
}

/** The facts property selection needs, with those only I/O can tell
 * (WWID by the selected uid_attribute, ALUA support from INQUIRY). */
export function selectionFacts(config: Config, f: PathFacts): ConfigPathFacts {
  const uid = selectPathSettings(config, settingsFacts(f)).uid_attribute.value;
  const wwid = pathWwid(f, uid, f.sysfsState === "up");
  // udev's SCSI_TPGS (from its own INQUIRY) saves a command per path
  const fromUdev = f.udev?.get("SCSI_TPGS");
  const tpgs: Tpgs = fromUdev !== undefined && /^[0-3]$/.test(fromUdev) ? TPGS[Number(fromUdev)]!
    : f.bus === "scsi" && f.sysfsState === "up" ? readTpgs(`/dev/${f.dev}`) : "undef";
  return { ...settingsFacts(f, wwid), tpgs, hasAccessState: existsSync(join(f.syspath, "device/access_state")) };
}

export function checkPath(config: Config, f: PathFacts): PathCheck {
  const devnode = `/dev/${f.dev}`;
  const up = f.sysfsState === "up";
  const sf = selectionFacts(config, f);
  const { wwid, tpgs = "undef" } = sf;
  const settings = selectPathSettings(config, sf);
  const timeoutS = settings.checker_timeout.value;
  // As upstream: the checker runs only on paths sysfs calls up; otherwise
  // the sysfs state stands in for it. The priority is read from live paths.
  const check: CheckResult = up
    ? runChecker(settings.path_checker.value, devnode, timeoutS)
    : { state: f.sysfsState === "pending" ? "pending" : "down", message: "" };
  const priority = up && wwid ? runPrio(settings.prio.value, settings.prio_args.value, f, devnode, timeoutS) : PRIO_UNDEF;
  return { settings, check, priority, tpgs, ...(wwid === undefined ? {} : { wwid }) };
}
