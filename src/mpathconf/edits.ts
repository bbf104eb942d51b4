// The edits of Red Hat's mpathconf, in its order, decided from the facts
// found before the first edit. Every insert goes right after the section
// header (so later inserts come first); replacements touch only the matched
// part of a line; everything else stays byte for byte.
import { sedReplacement } from "./bre.ts";
import { ANY_NODE, type Found, PROPERTY_LINE, optionLine } from "./found.ts";
import {
  BL, type Doc, SP, appendAfterHeaders, appendText, deleteInSection, sedText, substituteInSection,
} from "./lines.ts";

export type Mode = "enable" | "disable" | "allow";

export type Edits = {
  mode?: Mode;
  wwids: readonly string[];
  find?: string;
  friendly?: boolean;
  recheckWwid?: boolean;
  property?: boolean;
  foreign?: boolean;
  /** value "" removes the name */
  option?: { name: string; value: string };
};

const re = (src: string) => new RegExp(src, "s");
const set = (text: string) => () => text;

/** Applies the edits; true when the configuration changed in a way that asks multipathd to reload. */
export function applyEdits(doc: Doc, f: Found, e: Edits): boolean {
  if (!f.blacklist) appendText(doc, "\nblacklist {\n}\n");
  if (!f.defaults) appendText(doc, "\ndefaults {\n}\n");
  const commentDevnode = () =>
    substituteInSection(doc, "blacklist", re(`^${SP}*devnode${SP}${SP}*${ANY_NODE}`), set('#\tdevnode ".*"'));

  if (e.mode === "allow") {
    if (f.disable === 1) commentDevnode();
    if (f.wwidDisable === undefined) appendAfterHeaders(doc, "blacklist", '\twwid ".*"');
    else if (f.wwidDisable === 0) substituteInSection(doc, "blacklist", re(`^${SP}*#${SP}*wwid${SP}${SP}*${ANY_NODE}`), set('\twwid ".*"'));
    if (f.exceptions) deleteInSection(doc, "blacklist_exceptions", re(`^${SP}*wwid`));
    else appendText(doc, "\nblacklist_exceptions {\n}\n");
    for (const w of e.wwids) appendAfterHeaders(doc, "blacklist_exceptions", sedText(`\twwid "${w}"`));
  } else if (e.mode === "enable") {
    if (f.disable === 1) commentDevnode();
  } else if (e.mode === "disable") {
    if (f.disable === undefined) appendAfterHeaders(doc, "blacklist", '\tdevnode ".*"');
    else if (f.disable === 0) substituteInSection(doc, "blacklist", re(`^${SP}*#${SP}*devnode${SP}${SP}*${ANY_NODE}`), set('\tdevnode ".*"'));
  }

  let changed = false;
  if (e.find !== undefined) {
    if (f.find === undefined) {
      appendAfterHeaders(doc, "defaults", `\tfind_multipaths ${e.find}`);
      changed = true;
    } else if (e.find !== f.find) {
      substituteInSection(doc, "defaults", re(`^${BL}*find_multipaths${BL}${BL}*[^ \\t]*`), set(`\tfind_multipaths ${e.find}`));
      changed = true;
    }
  }
  const yesNo = (key: string, want: boolean | undefined, have: 0 | 1 | undefined) => {
    if (want === false && have === 1) {
      substituteInSection(doc, "defaults", re(`^${SP}*${key}${SP}${SP}*(yes|1)`), set(`\t${key} no`));
      changed = true;
    } else if (want === true && have === undefined) {
      appendAfterHeaders(doc, "defaults", `\t${key} yes`);
      changed = true;
    } else if (want === true && have === 0) {
      substituteInSection(doc, "defaults", re(`^${SP}*${key}${SP}${SP}*(no|0)`), set(`\t${key} yes`));
      changed = true;
    }
  };
  yesNo("user_friendly_names", e.friendly, f.friendly);
  yesNo("recheck_wwid", e.recheckWwid, f.recheckWwid);

  const property = `\tproperty "(SCSI_IDENT_|ID_WWN)"`;
  if (e.property === false && f.property === 1) {
    substituteInSection(doc, "blacklist_exceptions", re(`^${SP}*property${SP}${SP}*${PROPERTY_LINE}`), set(`#${property}`));
    changed = true;
  } else if (e.property === true && f.property === undefined) {
    // decided on the file as read: a section added by --allow above does not count
    if (!f.exceptions) appendText(doc, `\nblacklist_exceptions {\n${property}\n}\n`);
    else appendAfterHeaders(doc, "blacklist_exceptions", property);
    changed = true;
  } else if (e.property === true && f.property === 0) {
    substituteInSection(doc, "blacklist_exceptions", re(`^${SP}*#${SP}*property${SP}${SP}*${PROPERTY_LINE}`), set(property));
    changed = true;
  }

  if (e.foreign === false && (f.foreign === 1 || f.foreign === 3)) {
    substituteInSection(doc, "defaults", re(`^${SP}*enable_foreign`), set("#\tenable_foreign"));
    changed = true;
  } else if (e.foreign === true && f.foreign === undefined) {
    appendAfterHeaders(doc, "defaults", '\tenable_foreign ".*"');
    changed = true;
  } else if (e.foreign === true && f.foreign !== 1) {
    substituteInSection(doc, "defaults", re(`^${SP}*#?${SP}*enable_foreign.*$`), set('\tenable_foreign ".*"'));
    changed = true;
  }

  const o = e.option;
  if (o && o.value !== "") {
    if (f.option === undefined) {
      appendAfterHeaders(doc, "defaults", sedText(`\t${o.name} ${o.value}`));
      changed = true;
    } else if (f.option === 0) {
      // where sed would refuse the command (a "/" in it, a pattern only grep
      // takes) and change nothing, the intended line is written (listed differences)
      const text = `\t${o.name} ${o.value}`;
      substituteInSection(doc, "defaults", optionLine(o.name), (m) => (/[/\n]/.test(text) ? text : sedReplacement(text, m)));
      changed = true;
    }
  } else if (o && f.option !== undefined) {
    deleteInSection(doc, "defaults", optionLine(o.name));
    changed = true;
  }
  return changed;
}
