// Prioritizers by configured name; unknown names select none (upstream: no
// libprio<name>.so), which leaves the priority undefined.
import { pure } from "../checkers/io.ts";
import { alua } from "./alua.ts";
import type { Prioritizer } from "./context.ts";
import { datacore } from "./datacore.ts";
import { emc } from "./emc.ts";
import { hds } from "./hds.ts";
import { hpSw } from "./hpSw.ts";
import { iet } from "./iet.ts";
import { ontap } from "./ontap.ts";
import { pathLatency } from "./pathLatency.ts";
import { rdac } from "./rdac.ts";
import { sysfs } from "./sysfs.ts";
import { weightedPath } from "./weightedPath.ts";
import { ana } from "./ana.ts";

const constPrio: Prioritizer = { name: "const", getPrio: () => pure(1) };
/** 1..10, drawn anew at every call */
const random: Prioritizer = { name: "random", getPrio: () => pure(1 + Math.floor(10 * Math.random())) };

const ALL: Prioritizer[] = [constPrio, random, alua, sysfs, weightedPath, pathLatency, iet, emc, hds, hpSw, rdac, ontap, datacore, ana];

const PRIO_NAME_LEN = 16;

export const PRIO_NAMES = ALL.map((p) => p.name);

export function findPrioritizer(configured: string): Prioritizer | undefined {
  // upstream keeps 15 characters of the name but looks the library up by the whole one
  return ALL.find((p) => p.name === configured && configured.length < PRIO_NAME_LEN);
}
