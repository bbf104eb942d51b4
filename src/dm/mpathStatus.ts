// The dm-multipath target's status line:
// <#feat> <feat...> <#hwh> <hwh...> <#pgs> <next pg>
//   { <A|E|D> <#pg args> <pg args...> <#paths> <#sel args> { <maj:min> <A|F> <fail count> <sel args...> } }
import { Words } from "./words.ts";

export type MpathStatusPath = { devt: string; active: boolean; failCount: number; selectorArgs: string[] };
export type MpathStatusGroup = { state: "active" | "enabled" | "disabled" | "undef"; paths: MpathStatusPath[] };
export type MpathStatus = {
  /** kernel: [queue_io, pg_init_count] and possibly more */
  features: string[];
  hwhandler: string[];
  nextGroup: number;
  groups: MpathStatusGroup[];
};

const PG_STATES = { A: "active", E: "enabled", D: "disabled" } as const;

export function parseMpathStatus(params: string): MpathStatus {
  const w = new Words(params, "multipath status");
  const features = w.take(w.count());
  const hwhandler = w.take(w.count());
  const nGroups = w.count(1024);
  const groups: MpathStatusGroup[] = [];
  if (nGroups === 0) return { features, hwhandler, nextGroup: 0, groups };
  const nextGroup = w.count();
  for (let g = 0; g < nGroups; g++) {
    const s = w.next();
    const state = PG_STATES[s as keyof typeof PG_STATES] ?? "undef";
    w.take(w.count()); // group arguments: none in current kernels
    const nPaths = w.count(1 << 16);
    const nSelArgs = w.count(64);
    const paths: MpathStatusPath[] = [];
    for (let p = 0; p < nPaths; p++) {
      const devt = w.next();
      const active = w.next() === "A";
      const failCount = w.count(Number.MAX_SAFE_INTEGER);
      paths.push({ devt, active, failCount, selectorArgs: w.take(nSelArgs) });
    }
    groups.push({ state, paths });
  }
  return { features, hwhandler, nextGroup, groups };
}

/** Whether the kernel is queueing I/O now (first status feature). */
export function isQueueing(s: MpathStatus): boolean {
  return s.features[0] === "1";
}
