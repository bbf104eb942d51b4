// The wwids file (/etc/multipath/wwids): the WWIDs multipath has claimed,
// one "/WWID/" per line after a header.
import { readText, updateLocked } from "./lockedFile.ts";

export const WWIDS_FILE = "/etc/multipath/wwids";
export const WWIDS_HEADER =
  "# Multipath wwids, Version : 1.0\n# NOTE: This file is automatically maintained by multipath and multipathd.\n" +
  "# You should not need to edit this file in normal circumstances.\n#\n# Valid WWIDs:\n";

export function parseWwids(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const m = line.match(/^\s*\/([^/]+)\/\s*$/);
    if (m) out.push(m[1]!);
  }
  return out;
}

export function hasWwid(wwid: string, path = WWIDS_FILE): boolean {
  return parseWwids(readText(path) ?? "").includes(wwid);
}

/** remember_wwid: append the WWID unless present; true when it was added. */
export function rememberWwid(wwid: string, path = WWIDS_FILE): boolean {
  return updateLocked(path, (text) => {
    if (text !== null && parseWwids(text).includes(wwid)) return { text: null, result: false };
    const base = text === null || text === "" ? WWIDS_HEADER : text.endsWith("\n") ? text : `${text}\n`;
    return { text: `${base}/${wwid}/\n`, result: true };
  });
}

/** remove_wwid: the entry is commented out in place ("/W/" becomes "#W/"),
 * as upstream does; false when the WWID was not in the file. */
export function removeWwid(wwid: string, path = WWIDS_FILE): boolean {
  return updateLocked(path, (text) => {
    if (text === null || !parseWwids(text).includes(wwid)) return { text: null, result: false };
    const lines = text.split("\n").map((l) => (l === `/${wwid}/` ? `#${wwid}/` : l));
    return { text: lines.join("\n"), result: true };
  });
}

/** replace_wwids: the file holds exactly these WWIDs afterwards. */
export function replaceWwids(wwids: readonly string[], path = WWIDS_FILE): void {
  updateLocked(path, () => ({ text: WWIDS_HEADER + wwids.map((w) => `/${w}/\n`).join(""), result: undefined }));
}
