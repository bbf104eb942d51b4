// What Red Hat's mpathconf finds in the file before it edits anything. The
// edits and the status report are decided from these facts, read once, so a
// section appended by one edit is not seen by the next (as in the script).
import { breToJs } from "./bre.ts";
import { BL, type Doc, SP, grepFile, grepSection, header, rangeLines } from "./lines.ts";

/** undefined: no such line; 0: off / commented out; 1: on. */
type Flag = 0 | 1 | undefined;

export type Found = {
  blacklist: boolean;
  exceptions: boolean;
  defaults: boolean;
  /** an active (1) or commented (0) `devnode ".*"` (or "*") in blacklist */
  disable: Flag;
  /** the same for `wwid ".*"` */
  wwidDisable: Flag;
  /** the first find_multipaths value in defaults (1 and 0 read as yes and no) */
  find: string | undefined;
  friendly: Flag;
  recheckWwid: Flag;
  /** 0 commented, 1 ".*", 2 "^$" or "NONE", 3 any other value */
  foreign: 0 | 1 | 2 | 3 | undefined;
  property: Flag;
  /** 1: NAME VALUE is there already; 0: NAME is there with another value */
  option: Flag;
};

const re = (src: string) => new RegExp(src, "s");
const either = (doc: Doc, section: "defaults" | "blacklist" | "blacklist_exceptions", on: RegExp, off: RegExp): Flag =>
  grepSection(doc, section, on) ? 1 : grepSection(doc, section, off) ? 0 : undefined;

export const ANY_NODE = `"\\.?\\*"`; // ".*" or "*"
export const PROPERTY_LINE = `"\\(SCSI_IDENT_\\|ID_WWN\\)"`;

/** A keyword set to yes/1 (on) or no/0 (off), matched as a prefix like the script's grep. */
const yesNo = (doc: Doc, key: string): Flag =>
  either(doc, "defaults", re(`^${SP}*${key}${SP}${SP}*(yes|1)`), re(`^${SP}*${key}${SP}${SP}*(no|0)`));

/** `NAME` as the script's patterns match it; an unusable pattern matches literally. */
export function namePattern(name: string, atEnd = false): string {
  const src = breToJs(name, atEnd);
  try {
    new RegExp(src, "s");
    return src;
  } catch {
    return name.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
  }
}

export const optionLine = (name: string) => re(`^${SP}*${namePattern(name)}(${SP}.*)?$`);

export function findFacts(doc: Doc, option?: { name: string; value: string }): Found {
  const f: Found = {
    blacklist: grepFile(doc, header("blacklist")),
    exceptions: grepFile(doc, header("blacklist_exceptions")),
    defaults: grepFile(doc, header("defaults")),
    disable: undefined, wwidDisable: undefined, find: undefined, friendly: undefined, recheckWwid: undefined,
    foreign: undefined, property: undefined, option: undefined,
  };
  if (f.blacklist) {
    f.disable = either(doc, "blacklist", re(`^${SP}*devnode${SP}${SP}*${ANY_NODE}`), re(`^${SP}*#${SP}*devnode${SP}${SP}*${ANY_NODE}`));
    f.wwidDisable = either(doc, "blacklist", re(`^${SP}*wwid${SP}${SP}*${ANY_NODE}`), re(`^${SP}*#${SP}*wwid${SP}${SP}*${ANY_NODE}`));
  }
  if (f.defaults) {
    const fm = re(`^${BL}*find_multipaths${BL}${BL}*([^ \\t]*).*$`);
    const first = rangeLines(doc, "defaults").map((i) => fm.exec(doc.lines[i]!)).find((m) => m);
    // an empty first value reads as no value at all (an empty shell variable)
    const v = first?.[1] || undefined;
    f.find = v === "1" ? "yes" : v === "0" ? "no" : v;
    f.friendly = yesNo(doc, "user_friendly_names");
    f.recheckWwid = yesNo(doc, "recheck_wwid");
    const has = (src: string) => grepSection(doc, "defaults", re(src));
    if (has(`^${SP}*#${SP}*enable_foreign`)) f.foreign = 0;
    else if (has(`^${SP}*enable_foreign${SP}${SP}*"\\.\\*"`)) f.foreign = 1;
    else if (has(`^${SP}*enable_foreign${SP}${SP}*"\\^\\$"`) || has(`^${SP}*enable_foreign${SP}${SP}*"NONE"`)) f.foreign = 2;
    else if (has(`^${SP}*enable_foreign`)) f.foreign = 3;
    if (option) {
      const withValue = re(`^${SP}*${namePattern(option.name)}${SP}${SP}*${namePattern(option.value, true)}`);
      f.option = grepSection(doc, "defaults", withValue) ? 1 : grepSection(doc, "defaults", optionLine(option.name)) ? 0 : undefined;
    }
  }
  if (f.exceptions) {
    f.property = either(doc, "blacklist_exceptions", re(`^${SP}*property${SP}${SP}*${PROPERTY_LINE}`),
      re(`^${SP}*#${SP}*property${SP}${SP}*${PROPERTY_LINE}`));
  }
  return f;
}
