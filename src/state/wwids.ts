// The wwids file (/etc/multipath/wwids): the WWIDs multipath has claimed,
// one "/WWID/" per line after a header. As upstream's lookup_wwid, a line
// counts when it starts with "/WWID/"; anything else is left where it is
// (reported when the file is changed), so no update loses a line.
import { LOG, condlog } from "../log.ts";
import { StateFileError, readText, updateLocked } from "./lockedFile.ts";

export const WWIDS_FILE = "/etc/multipath/wwids";
export const WWIDS_HEADER =
  "# Multipath wwids, Version : 1.0\n# NOTE: This file is automatically maintained by multipath and multipathd.\n" +
  "# You should not need to edit this file in normal circumstances.\n#\n# Valid WWIDs:\n";

const ENTRY = /^\/([^/]+)\//;

export type WwidsText = { wwids: Set<string>; invalid: { line: number; text: string }[] };

export function readWwidsText(text: string): WwidsText {
  const out: WwidsText = { wwids: new Set(), invalid: [] };
  text.split("\n").forEach((line, i) => {
    const m = ENTRY.exec(line);
    if (m) out.wwids.add(m[1]!);
    else if (line.trim() && !line.startsWith("#")) out.invalid.push({ line: i + 1, text: line });
  });
  return out;
}

export function parseWwids(text: string): string[] {
  return [...readWwidsText(text).wwids];
}

// The last text parsed: a run looks up and adds many WWIDs.
let memo: { text: string; parsed: WwidsText } | undefined;
function parsed(text: string): WwidsText {
  if (memo?.text !== text) memo = { text, parsed: readWwidsText(text) };
  return memo.parsed;
}

const reported = new Set<string>();
function reportInvalid(path: string, w: WwidsText): void {
  for (const { line, text } of w.invalid) {
    if (reported.has(`${path}:${line}:${text}`)) continue;
    reported.add(`${path}:${line}:${text}`);
    condlog(LOG.NOTICE, `${path} line ${line}: not a "/WWID/" entry, left as it is: ${JSON.stringify(text).slice(1, -1)}`);
  }
}

function fileError(e: unknown, what: string): false {
  if (!(e instanceof StateFileError)) throw e;
  condlog(LOG.ERR, `${e.message}; ${what}`);
  return false;
}

/** Whether the file lists `wwid`; an unreadable file lists nothing. */
export function hasWwid(wwid: string, path = WWIDS_FILE): boolean {
  try {
    const text = readText(path);
    return text !== null && parsed(text).wwids.has(wwid);
  } catch (e) {
    return fileError(e, `wwid ${wwid} taken as not listed`);
  }
}

/** remember_wwid: append the WWID unless present; true when it was added.
 * Throws StateFileError: a file that cannot be read is not rewritten (that
 * would lose its lines), one that cannot be written is left as it was. */
export function addWwid(wwid: string, path = WWIDS_FILE): boolean {
  return updateLocked(path, (text) => {
    if (text !== null) {
      const w = parsed(text);
      reportInvalid(path, w);
      if (w.wwids.has(wwid)) return { text: null, result: false };
    }
    const base = text === null || text === "" ? WWIDS_HEADER : text.endsWith("\n") ? text : `${text}\n`;
    return { text: `${base}/${wwid}/\n`, result: true };
  });
}

/** addWwid for map creation, which goes on when the file cannot take it. */
export function rememberWwid(wwid: string, path = WWIDS_FILE): boolean {
  try {
    return addWwid(wwid, path);
  } catch (e) {
    return fileError(e, `wwid ${wwid} not recorded`);
  }
}

/** remove_wwid: the entry is commented out in place ("/W/" becomes "#W/"),
 * as upstream does; false when the WWID was not in the file. */
export function removeWwid(wwid: string, path = WWIDS_FILE): boolean {
  return updateLocked(path, (text) => {
    if (text === null) return { text: null, result: false };
    const w = parsed(text);
    reportInvalid(path, w);
    if (!w.wwids.has(wwid)) return { text: null, result: false };
    const lines = text.split("\n").map((l) => (ENTRY.exec(l)?.[1] === wwid ? `#${l.slice(1)}` : l));
    return { text: lines.join("\n"), result: true };
  });
}

/** replace_wwids: the file holds exactly these WWIDs afterwards. */
export function replaceWwids(wwids: readonly string[], path = WWIDS_FILE): void {
  updateLocked(path, () => ({ text: WWIDS_HEADER + wwids.map((w) => `/${w}/\n`).join(""), result: undefined }));
}
