// kpartx's work: resolve the device (a file goes through a loop device),
// read its partition table, then list, add or delete the partition maps.
import { closeSync, openSync, readFileSync, readSync, realpathSync, statSync } from "node:fs";
import { basename } from "node:path";
import { stderr, stdout } from "../../cli/io.ts";
import { blockGeometry } from "../../io/blockdev.ts";
import { attachLoop, detachLoop, findLoopForFile } from "../../io/loop.ts";
import { parseDos } from "../../partitions/dos.ts";
import { parseGpt } from "../../partitions/gpt.ts";
import type { SectorReader, Slot } from "../../partitions/slots.ts";
import { blockMajor } from "../../multipath/deviceArg.ts";

export type KpartxOpts = {
  mode: "list" | "add" | "delete" | "update"; path: string; isFile: boolean; readOnly: boolean; force: boolean; forceGpt: boolean;
  verbose: boolean; sync: boolean; delim?: string; type?: string;
};

const UUID_SUFFIX = "Wh5pYvM";

function readSlots(dev: string, o: KpartxOpts): Slot[] {
  const { sizeBytes, sectorSize } = blockGeometry(dev);
  const fd = openSync(dev, "r");
  try {
    const sectors = Number(sizeBytes / BigInt(sectorSize));
    const read: SectorReader = (lba, count) => {
      if (lba < 0 || lba + count > sectors) return null;
      const b = Buffer.alloc(count * sectorSize);
      const n = readSync(fd, b, 0, b.length, lba * sectorSize);
      return n === b.length ? new Uint8Array(b) : null;
    };
    const parsers: [string, () => Slot[]][] = [
      ["gpt", () => {
        const g = parseGpt(read, sectors, sectorSize, o.forceGpt);
        if (g) for (const w of g.warnings) stderr(`${w}\n`);
        return g && !g.rejected ? g.slots : [];
      }],
      ["dos", () => {
        const d = parseDos(read, sectorSize / 512);
        if (d) for (const w of d.warnings) stderr(`${w}\n`);
        return d?.slots ?? [];
      }],
    ];
    for (const [name, parse] of parsers) {
      if (o.type && o.type !== name) continue;
      const slots = parse();
      if (slots.length > 0) return slots;
    }
    return [];
  } finally {
    closeSync(fd);
  }
}

function devtOf(dev: string): [number, number] {
  const rdev = BigInt(statSync(dev).rdev);
  return [Number((rdev >> 8n) & 0xfffn), Number((rdev & 0xffn) | ((rdev >> 12n) & 0xfff00n))];
}

export async function runKpartx(o: KpartxOpts): Promise<number> {
  let dev = o.path;
  let madeLoop = false;
  if (o.isFile) {
    const file = realpathSync(o.path);
    const existing = findLoopForFile(file);
    if (existing) dev = existing;
    else if (o.mode === "delete") return 0;
    else {
      try {
        dev = attachLoop(file, { readOnly: o.readOnly });
        madeLoop = true;
      } catch {
        stderr("can't set up loop\n");
        return 1;
      }
    }
  }
  const [maj, min] = devtOf(dev);
  let dmMajor: number | undefined;
  try {
    dmMajor = blockMajor("device-mapper", readFileSync("/proc/devices", "utf8"));
  } catch {
    dmMajor = undefined;
  }
  let mapname = basename(dev);
  let uuid = `devnode_${maj}:${min}_${UUID_SUFFIX}`;
  if (maj === dmMajor) {
    const { dmInfoByDevt } = await import("../../io/devmapper.ts");
    const info = dmInfoByDevt(maj, min);
    if (info) {
      mapname = info.name;
      if (info.uuid) uuid = info.uuid;
    }
  }
  const delim = o.delim ?? (/[0-9]$/.test(mapname) ? "p" : "");
  const partName = (i: number) => `${mapname}${delim}${i + 1}`.replaceAll("/", "!");
  try {
    if (o.mode === "delete") {
      const { deletePartitionMaps } = await import("./maps.ts");
      const rc = await deletePartitionMaps({ maj, min, uuid: o.force && maj !== dmMajor ? "" : uuid, verbose: o.verbose, sync: o.sync });
      if (rc === 0 && o.isFile) detachLoop(dev);
      return rc;
    }
    const slots = readSlots(dev, o);
    if (o.mode === "list") {
      const top = slots.map((s, i) => ({ s, i })).filter((x) => x.s.size > 0 && x.s.container === undefined);
      let out = top.map(({ s, i }) => `${partName(i)} : 0 ${s.size} ${dev} ${s.start}\n`).join("");
      slots.forEach((s, i) => {
        if (s.size === 0 || s.container === undefined) return;
        const k = top.findIndex((t) => t.i === s.container);
        const c = slots[s.container]!;
        out += `${partName(i)} : 0 ${s.size} /dev/dm-${k} ${s.start - c.start}\n`;
      });
      stdout(out);
      return 0;
    }
    const { addPartitionMaps, removeStaleMaps } = await import("./maps.ts");
    // a slot past the end of the device is never mapped
    const sectors = Number(blockGeometry(dev).sizeBytes / 512n);
    const inside = slots.map((s, i) => {
      if (s.size > 0 && s.start + s.size > sectors) {
        stderr(`${partName(i)}: partition past the end of the device, not mapped\n`);
        return { start: 0, size: 0 };
      }
      return s;
    });
    let rc = await addPartitionMaps(inside, { maj, min, uuid, partName, readOnly: o.readOnly, verbose: o.verbose, sync: o.sync });
    if (o.mode === "update" && slots.length > 0) rc += await removeStaleMaps(inside, { uuid, partName, verbose: o.verbose, sync: o.sync });
    return rc & 0xff;
  } finally {
    if (madeLoop && o.mode === "list") detachLoop(dev);
  }
}
