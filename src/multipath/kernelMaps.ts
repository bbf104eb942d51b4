// The multipath maps the kernel has now, read through libdevmapper: name,
// uuid, info, table and status, parsed. A map is ours when its uuid starts
// with "mpath-" and its table is one multipath target.
import { dmInfoAndUuid, dmList, dmStatus, dmTable } from "../io/devmapper.ts";
import type { DmInfo } from "../io/dmTask.ts";
import { type MpathStatus, parseMpathStatus } from "../dm/mpathStatus.ts";
import { type MpathTable, parseMpathTable } from "../dm/mpathTable.ts";
import { LOG, condlog } from "../log.ts";

export const MPATH_UUID_PREFIX = "mpath-";

export type KernelMap = {
  name: string;
  wwid: string;
  info: DmInfo;
  sizeSectors: number;
  table: MpathTable;
  status: MpathStatus;
};

/** Every multipath map, in the kernel's list order. Maps that vanish or
 * change while being read are skipped with a message, not an error. */
export function readKernelMaps(): KernelMap[] {
  const maps: KernelMap[] = [];
  for (const d of dmList()) {
    const m = readKernelMap(d.name);
    if (m) maps.push(m);
  }
  return maps;
}

export function readKernelMap(name: string): KernelMap | null {
  try {
    const found = dmInfoAndUuid(name);
    if (!found?.uuid.startsWith(MPATH_UUID_PREFIX)) return null;
    const { info, uuid } = found;
    const table = dmTable(name);
    const status = dmStatus(name);
    if (table.length !== 1 || table[0]!.type !== "multipath" || status.length !== 1) return null;
    return {
      name, wwid: uuid.slice(MPATH_UUID_PREFIX.length), info, sizeSectors: table[0]!.length,
      table: parseMpathTable(table[0]!.params), status: parseMpathStatus(status[0]!.params),
    };
  } catch (e) {
    condlog(LOG.WARN, `${name}: cannot read map: ${(e as Error).message}`);
    return null;
  }
}
