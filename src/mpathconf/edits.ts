// The edits mpathconf makes, on an array of lines, as Red Hat's script does
// them (inserts go right after the section header; replacements keep the
// rest of the file byte for byte).
import { findInSection, firstToken, hasSection, insertAfterHeaders, sectionRanges } from "./sections.ts";

const ACTIVE_DEVNODE = /^\s*devnode\s+"\.?\*"/;
const COMMENTED_DEVNODE = /^\s*#\s*devnode\s+"\.?\*"/;

export const isDisabled = (lines: readonly string[]) => findInSection(lines, "blacklist", ACTIVE_DEVNODE).length > 0;

export function enable(lines: string[]): void {
  for (const i of findInSection(lines, "blacklist", ACTIVE_DEVNODE)) lines[i] = '#\tdevnode ".*"';
}

export function disable(lines: string[]): void {
  if (isDisabled(lines)) return;
  const commented = findInSection(lines, "blacklist", COMMENTED_DEVNODE);
  if (commented.length) for (const i of commented) lines[i] = '\tdevnode ".*"';
  else insertAfterHeaders(lines, "blacklist", '\tdevnode ".*"');
}

/** user_friendly_names / recheck_wwid: y inserts or sets yes; n sets no where the line exists. */
export function setYesNo(lines: string[], key: string, on: boolean): boolean {
  const at = findInSection(lines, "defaults", new RegExp(`^\\s*${key}\\s`));
  if (on) {
    if (!at.length) {
      insertAfterHeaders(lines, "defaults", `\t${key} yes`);
      return true;
    }
    let changed = false;
    for (const i of at) if (/^(no|0)$/.test(firstToken(lines[i]!, key) ?? "")) (lines[i] = `\t${key} yes`), (changed = true);
    return changed;
  }
  let changed = false;
  for (const i of at) if (/^(yes|1)$/.test(firstToken(lines[i]!, key) ?? "")) (lines[i] = `\t${key} no`), (changed = true);
  return changed;
}

export function setFindMultipaths(lines: string[], value: string): boolean {
  const v = value === "y" ? "on" : value === "n" ? "off" : value;
  const at = findInSection(lines, "defaults", /^\s*find_multipaths\s/);
  if (!at.length) {
    insertAfterHeaders(lines, "defaults", `\tfind_multipaths ${v}`);
    return true;
  }
  let changed = false;
  for (const i of at) {
    const cur = firstToken(lines[i]!, "find_multipaths");
    if (cur === v) continue;
    lines[i] = lines[i]!.replace(/find_multipaths\s+\S+/, `find_multipaths ${v}`);
    changed = true;
  }
  return changed;
}

const PROPERTY = '\tproperty "(SCSI_IDENT_|ID_WWN)"';

export function setPropertyBlacklist(lines: string[], on: boolean): boolean {
  const active = findInSection(lines, "blacklist_exceptions", /^\s*property\s+"\(SCSI_IDENT_\|ID_WWN\)"/);
  const commented = findInSection(lines, "blacklist_exceptions", /^\s*#\s*property\s+"\(SCSI_IDENT_\|ID_WWN\)"/);
  if (on) {
    if (active.length) return false;
    if (!hasSection(lines, "blacklist_exceptions")) {
      appendSection(lines, "blacklist_exceptions", [PROPERTY]);
      return true;
    }
    if (commented.length) for (const i of commented) lines[i] = PROPERTY;
    else insertAfterHeaders(lines, "blacklist_exceptions", PROPERTY);
    return true;
  }
  for (const i of active) lines[i] = `#${PROPERTY}`;
  return active.length > 0;
}

export function setEnableForeign(lines: string[], on: boolean): boolean {
  const active = findInSection(lines, "defaults", /^\s*enable_foreign\s/);
  if (on) {
    const all = findInSection(lines, "defaults", /^\s*#?\s*enable_foreign\s/);
    if (active.some((i) => firstToken(lines[i]!, "enable_foreign") === '".*"')) return false;
    if (!all.length) {
      insertAfterHeaders(lines, "defaults", '\tenable_foreign ".*"');
      return true;
    }
    for (const i of all) lines[i] = '\tenable_foreign ".*"';
    return true;
  }
  let changed = false;
  for (const i of active) {
    const v = firstToken(lines[i]!, "enable_foreign");
    if (v === '"^$"' || v === '"NONE"') continue;
    lines[i] = `#\t${lines[i]!.trimStart()}`;
    changed = true;
  }
  return changed;
}

/** --option NAME:VALUE in defaults; an empty VALUE removes NAME. */
export function setOption(lines: string[], name: string, value: string): boolean {
  const re = new RegExp(`^\\s*${name}(\\s|$)`);
  const at = findInSection(lines, "defaults", re);
  if (value === "") {
    for (const i of [...at].reverse()) lines.splice(i, 1);
    return at.length > 0;
  }
  const v = /\s/.test(value) ? `"${value}"` : value;
  if (at.some((i) => lines[i]!.trimStart().startsWith(`${name} ${v}`))) return false;
  if (at.length) for (const i of at) lines[i] = `\t${name} ${v}`;
  else insertAfterHeaders(lines, "defaults", `\t${name} ${v}`);
  return true;
}

export function allow(lines: string[], wwids: readonly string[]): void {
  enable(lines);
  const commented = findInSection(lines, "blacklist", /^\s*#\s*wwid\s+"\.\*"/);
  const active = findInSection(lines, "blacklist", /^\s*wwid\s+"\.\*"/);
  if (!active.length) {
    if (commented.length) for (const i of commented) lines[i] = '\twwid ".*"';
    else insertAfterHeaders(lines, "blacklist", '\twwid ".*"');
  }
  if (!hasSection(lines, "blacklist_exceptions")) appendSection(lines, "blacklist_exceptions", []);
  for (const i of findInSection(lines, "blacklist_exceptions", /^\s*wwid\s/).reverse()) lines.splice(i, 1);
  for (const w of wwids) insertAfterHeaders(lines, "blacklist_exceptions", `\twwid "${w}"`);
}

/** Appended at the end of the file, after a blank line, as the script does. */
export function appendSection(lines: string[], name: string, body: string[]): void {
  // the script appends "\n<name> {\n...}\n" to the text
  const endedWithNewline = lines.length > 0 && lines[lines.length - 1] === "";
  if (endedWithNewline) lines.pop();
  if (endedWithNewline || lines.length === 0) lines.push("");
  lines.push(`${name} {`, ...body, "}", "");
}

export function ensureSections(lines: string[]): void {
  if (!sectionRanges(lines, "blacklist").length) appendSection(lines, "blacklist", []);
  if (!sectionRanges(lines, "defaults").length) appendSection(lines, "defaults", []);
}
