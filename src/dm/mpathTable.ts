// The dm-multipath target's table parameters, both ways:
// <#feat> <feat...> <#hwh> <hwh...> <#pgs> <next pg>
//   { <selector> <#sel args> <sel args...> <#paths> <#path args> { <maj:min> <path args...> } }
import { DmParseError, Words } from "./words.ts";

export type MpathTablePath = { devt: string; args: string[] };
export type MpathTableGroup = { selector: string; selectorArgs: string[]; paths: MpathTablePath[] };
export type MpathTable = {
  features: string[];
  hwhandler: string[];
  /** 1-based group the kernel tries first; 0 without groups */
  nextGroup: number;
  groups: MpathTableGroup[];
};

/** "1 queue_if_no_path" style: a count then the words. */
export function countedString(words: readonly string[]): string {
  return [String(words.length), ...words].join(" ");
}

export function parseMpathTable(params: string): MpathTable {
  const w = new Words(params, "multipath table");
  const features = w.take(w.count());
  const hwhandler = w.take(w.count());
  const nGroups = w.count(1024);
  const nextGroup = w.count();
  const groups: MpathTableGroup[] = [];
  for (let g = 0; g < nGroups; g++) {
    const selector = w.next();
    const selectorArgs = w.take(w.count());
    const nPaths = w.count(1 << 16);
    const nPathArgs = w.count(64);
    const paths: MpathTablePath[] = [];
    for (let p = 0; p < nPaths; p++) paths.push({ devt: w.next(), args: w.take(nPathArgs) });
    groups.push({ selector, selectorArgs, paths });
  }
  if (!w.done()) throw new DmParseError("multipath table", params);
  return { features, hwhandler, nextGroup, groups };
}

export function formatMpathTable(t: MpathTable): string {
  const parts = [countedString(t.features), countedString(t.hwhandler), String(t.groups.length), String(t.nextGroup)];
  for (const g of t.groups) {
    const nArgs = g.paths[0]?.args.length ?? 0;
    if (g.paths.some((p) => p.args.length !== nArgs)) {
      throw new Error("every path of a group must have the same number of arguments");
    }
    parts.push(g.selector, countedString(g.selectorArgs), String(g.paths.length), String(nArgs));
    for (const p of g.paths) parts.push(p.devt, ...p.args);
  }
  return parts.join(" ");
}

/** The selector as upstream prints it: name and its arguments ("service-time 0"). */
export function selectorString(g: MpathTableGroup): string {
  return `${g.selector} ${countedString(g.selectorArgs)}`;
}
