// Checkers by configured name. A checker object lives as long as its path:
// some keep state between checks (rdac sets TAS once, emc_clariion
// remembers the LUN's WWN). Unknown names select nothing, as upstream when
// no libcheck<name>.so exists.
import { ccissTurCheck } from "./ccissTur.ts";
import { DirectioChecker } from "./directio.ts";
import { type EmcMapContext, EmcClariionChecker } from "./emcClariion.ts";
import { hpSwCheck } from "./hpSw.ts";
import type { Io } from "./io.ts";
import { pure } from "./io.ts";
import { RdacChecker } from "./rdac.ts";
import { readsector0Check } from "./readsector0.ts";
import { type CheckResult, type CheckerState, result } from "./state.ts";
import { turCheck } from "./tur.ts";

export type CheckInput = {
  timeoutS: number;
  /** what sysfs says about the path: the none checker reports it */
  sysfsState: CheckerState;
  /** shared by the checkers of one map */
  map?: MapCheckerContext;
};

export type MapCheckerContext = EmcMapContext;

export interface PathChecker {
  /** as upstream keeps it: at most 15 characters */
  readonly name: string;
  check(input: CheckInput): Io<CheckResult>;
}

/** Where upstream looks for checker and prioritizer libraries (named in its messages). */
export const PLUGIN_DIR = "/lib/multipath";

const CHECKER_NAME_LEN = 16;

export const CHECKER_NAMES = ["tur", "directio", "readsector0", "hp_sw", "rdac", "emc_clariion", "cciss_tur", "none"] as const;

export function createChecker(configured: string): PathChecker | undefined {
  const name = configured.slice(0, CHECKER_NAME_LEN - 1);
  const simple = (run: (i: CheckInput) => Io<CheckResult>): PathChecker => ({ name, check: run });
  // upstream compares only the first four characters against "none"
  if (name.startsWith("none")) return simple((i) => pure(result(i.sysfsState, "")));
  switch (configured) {
    case "tur":
      return simple((i) => turCheck(i.timeoutS));
    case "directio": {
      const c = new DirectioChecker();
      return simple((i) => c.check(i.timeoutS));
    }
    case "readsector0":
      return simple((i) => readsector0Check(i.timeoutS));
    case "hp_sw":
      return simple((i) => hpSwCheck(i.timeoutS));
    case "cciss_tur":
      return simple(() => ccissTurCheck());
    case "rdac": {
      const c = new RdacChecker();
      return simple((i) => c.check(i.timeoutS));
    }
    case "emc_clariion": {
      const c = new EmcClariionChecker();
      return simple((i) => c.check(i.timeoutS, i.map));
    }
    default:
      return undefined;
  }
}
