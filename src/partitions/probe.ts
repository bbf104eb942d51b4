// Which partition table a disk holds: the parsers in upstream's order, the
// first that finds slots wins (kpartx main()). Pure apart from the readers.
import { parseBsd } from "./bsd.ts";
import { type DasdDevice, parseDasd } from "./dasd.ts";
import { parseDos } from "./dos.ts";
import { parseGpt } from "./gpt.ts";
import { parseMac } from "./mac.ts";
import { parsePs3 } from "./ps3.ts";
import type { BlockReader, LabelResult, SectorReader, Slot } from "./slots.ts";
import { parseSolaris } from "./solaris.ts";
import { parseSun } from "./sun.ts";
import { parseUnixware } from "./unixware.ts";

export type Disk = {
  read: SectorReader;
  block: BlockReader;
  /** logical sectors */
  sectors: number;
  sectorSize: number;
  /** what the DASD parser needs; null when upstream would not look (a dm map not over a DASD) */
  dasd: () => DasdDevice | null;
};

export const PARTITION_TYPES = ["gpt", "dos", "bsd", "solaris", "unixware", "dasd", "mac", "sun", "ps3"] as const;
export type PartitionType = (typeof PARTITION_TYPES)[number];

function parse(type: PartitionType, d: Disk, forceGpt: boolean): LabelResult | null {
  switch (type) {
    case "gpt": {
      const g = parseGpt(d.read, d.sectors, d.sectorSize, forceGpt);
      return g && (g.rejected ? { slots: [], warnings: g.warnings } : g);
    }
    case "dos": return parseDos(d.block, d.sectorSize / 512);
    case "bsd": return parseBsd(d.block);
    case "solaris": return parseSolaris(d.block);
    case "unixware": return parseUnixware(d.block);
    case "dasd": {
      const dev = d.dasd();
      return dev && parseDasd(dev);
    }
    case "mac": return parseMac(d.block);
    case "sun": return parseSun(d.block);
    case "ps3": return parsePs3(d.block);
  }
}

/** The slots of the first table found (only `type` when given); parser
 * warnings go to `warn` as they arise. Empty when nothing is found. */
export function probePartitions(d: Disk, o: { type?: string; forceGpt: boolean }, warn: (m: string) => void): Slot[] {
  for (const type of PARTITION_TYPES) {
    if (o.type !== undefined && o.type !== type) continue;
    const r = parse(type, d, o.forceGpt);
    for (const w of r?.warnings ?? []) warn(w);
    if (r && r.slots.length > 0) return r.slots;
  }
  return [];
}
