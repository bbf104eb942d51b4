// kpartx's work: resolve the device (a file goes through a loop device),
// read its partition table, then list, add, update or delete the maps.
import { readFileSync, realpathSync, statSync } from "node:fs";
import { stderr, stdout } from "../../cli/io.ts";
import { BlockDevice } from "../../io/blockdev.ts";
import { dmDeps, dmInfoByDevt } from "../../io/devmapper.ts";
import { decodeDevt } from "../../io/devt.ts";
import { attachLoop, detachLoop, findLoopForFile } from "../../io/loop.ts";
import { blockMajor } from "../../multipath/deviceArg.ts";
import type { DasdDevice } from "../../partitions/dasd.ts";
import { type Disk, probePartitions } from "../../partitions/probe.ts";
import { type BlockReader, type SectorReader, type Slot } from "../../partitions/slots.ts";
import type { Mode } from "./main.ts";
import type { PartitionParent } from "./maps.ts";

export type KpartxOpts = {
  mode: Mode; path: string; isFile: boolean; readOnly: boolean; force: boolean; forceGpt: boolean;
  verbose: boolean; sync: boolean; delim?: string; type?: string;
};

const NONDM_SUFFIX = "Wh5pYvM";
const DASD_MAJOR = 94;
const PARTNAME_SIZE = 128;

/** An OS error as perror() words it: "<what>: <strerror>" */
function errText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  if (m.startsWith("LOOP_CTL_GET_FREE")) return "mount: could not find any free loop device";
  return m.replace(/ \(errno \d+\)$/, "").replace(/^open /, "");
}

/** The disk as the parsers read it: getblock()-style 512-byte blocks with
 * upstream's messages on failure, whole logical sectors for GPT, and the
 * DASD facts on demand. */
function diskOf(bd: BlockDevice, dasd: () => DasdDevice | null): Disk {
  const ss = bd.sectorSize;
  const sectors = Number(bd.sizeBytes / BigInt(ss));
  const cache = new Map<number, Uint8Array>();
  // whole runs of sectors in one read (GPT entry arrays), single ones cached
  const read: SectorReader = (lba, count) => {
    if (lba < 0 || count < 1 || lba + count > sectors) return null;
    if (count === 1 && cache.has(lba)) return cache.get(lba)!;
    const buf = new Uint8Array(count * ss);
    if (bd.pread(BigInt(lba) * BigInt(ss), buf) !== buf.length) return null;
    if (count === 1) cache.set(lba, buf);
    return buf;
  };
  const sector = (n: number) => read(n, 1);
  const per = Math.max(1, ss / 512);
  const block: BlockReader = (n) => {
    const secnr = Math.floor(n / per);
    if (BigInt(secnr) * BigInt(ss) > bd.sizeBytes) {
      stderr("llseek error\n");
      return null;
    }
    const s = sector(secnr);
    if (!s) {
      stderr(`read error, sector ${secnr | 0}\n`);
      return null;
    }
    return s.subarray((n % per) * 512);
  };
  return { read, block, sectors, sectorSize: ss, dasd };
}

/** What the DASD parser needs; for a dm device, its first dependency,
 * which must be a DASD (upstream reads nothing else there). */
function dasdFacts(bd: BlockDevice, isDm: boolean, mapname: string, opened: BlockDevice[]): DasdDevice | null {
  let dev = bd;
  if (isDm) {
    const first = dmDeps({ name: mapname })[0];
    if (!first || first.major !== DASD_MAJOR) return null;
    try {
      dev = BlockDevice.open(`/dev/block/${first.major}:${first.minor}`);
      opened.push(dev);
    } catch {
      return null;
    }
  }
  const d = dev;
  return {
    blockSize: d.sectorSize, sizeBytes: d.sizeBytes, info: d.dasdInfo(), geo: d.geometry(),
    // upstream asks this of the device it was given, also for a dm map
    dasdMajor: devMajor(bd.path) === DASD_MAJOR,
    readAt: (offset, buf) => d.pread(offset, buf),
  };
}

const devMajor = (path: string) => decodeDevt(statSync(path).rdev).major;

function dmMajorNumber(): number | undefined {
  try {
    return blockMajor("device-mapper", readFileSync("/proc/devices", "utf8"));
  } catch {
    return undefined;
  }
}

/** Upstream formats into a 128-byte buffer; a longer name is cut short (and keeps its '/'). */
function partNamer(mapname: string, delim: string): (part: number) => string {
  return (part) => {
    const name = `${mapname}${delim}${part}`;
    return Buffer.byteLength(name) < PARTNAME_SIZE ? name.replaceAll("/", "!") : Buffer.from(name).subarray(0, PARTNAME_SIZE - 1).toString();
  };
}

function deleteLoop(dev: string, verbose: boolean): boolean {
  try {
    detachLoop(dev, { retries: 5, onRetry: () => stderr(`loop: device ${dev} still in use, retrying delete\n`) });
  } catch (e) {
    stderr(`${errText(e)}\n`);
    if (verbose) stderr(`can't del loop : ${dev}\n`);
    return false;
  }
  if (verbose) stderr(`loop deleted : ${dev}\n`);
  return true;
}

export async function runKpartx(o: KpartxOpts): Promise<number> {
  let dev = o.path;
  let loop: string | undefined;
  let loopCreated = false;
  let readOnly = o.readOnly;
  if (o.isFile) {
    let file: string;
    try {
      file = realpathSync(o.path);
    } catch (e) {
      stderr(`Error: ${o.path}: ${(e as NodeJS.ErrnoException).message}\n`);
      return 1;
    }
    loop = findLoopForFile(file);
    if (!loop && o.mode === "delete") return 0;
    if (!loop) {
      try {
        loop = attachLoop(file, { readOnly, fallbackReadOnly: true });
      } catch (e) {
        stderr(`${errText(e)}\ncan't set up loop\n`);
        return 1;
      }
      loopCreated = true;
      readOnly ||= readFileSync(`/sys/block/${loop.slice(5)}/ro`, "utf8").trim() === "1";
    }
    dev = loop;
  }
  const { major: maj, minor: min } = decodeDevt(statSync(dev).rdev);
  let mapname = dev.slice(dev.lastIndexOf("/") + 1);
  let uuid = "";
  const isDm = !loop && maj === dmMajorNumber();
  if (isDm) {
    const info = dmInfoByDevt(maj, min);
    if (info?.name) {
      mapname = info.name;
      uuid = info.uuid;
    }
  }
  // a made-up uuid for non-dm disks, unless -d -f asks to ignore uuids
  if (!uuid && !(o.mode === "delete" && o.force)) uuid = `devnode_${maj}:${min}_${NONDM_SUFFIX}`;
  const delim = o.delim ?? (/[0-9]$/.test(mapname) ? "p" : "");
  const parent: PartitionParent = { mapname, maj, min, uuid, partName: partNamer(mapname, delim), verbose: o.verbose };

  if (o.mode === "delete") {
    const { deletePartitionMaps } = await import("./maps.ts");
    let rc = await deletePartitionMaps(parent);
    if (loop && !deleteLoop(loop, o.verbose)) rc = 1;
    return rc;
  }
  let bd: BlockDevice;
  try {
    bd = BlockDevice.open(dev);
  } catch (e) {
    stderr(`${errText(e)}\n`);
    return 1;
  }
  let slots: Slot[];
  const sectors = bd.sizeBytes / 512n;
  const opened = [bd];
  try {
    const disk = diskOf(bd, () => dasdFacts(bd, isDm, mapname, opened));
    slots = probePartitions(disk, { ...(o.type === undefined ? {} : { type: o.type }), forceGpt: o.forceGpt }, (w) => stderr(`${w}\n`));
  } finally {
    for (const d of opened) d.close();
  }
  if (o.mode === "list") {
    stdout(listLines(slots, parent.partName, o.isFile ? dev : o.path));
    if (loopCreated && !deleteLoop(dev, o.verbose)) return 1;
    return 0;
  }
  const { addPartitionMaps, removeStaleMaps } = await import("./maps.ts");
  let rc = await addPartitionMaps(slots, parent, { readOnly, sectors });
  if (o.mode === "update" && slots.length > 0) rc += await removeStaleMaps(slots, parent);
  return rc & 0xff;
}

/** The -l lines, as upstream numbers them: uncontained slots first, each given
 * the next "minor"; a contained slot then names its container's minor as
 * /dev/dm-<minor> with its start relative to the container. */
export function listLines(slots: readonly Slot[], partName: (part: number) => string, dev: string): string {
  const minor = slots.map(() => 0);
  let m = 0, out = "";
  slots.forEach((s, j) => {
    if (s.size === 0n || s.container !== undefined) return;
    minor[j] = m++;
    out += `${partName(j + 1)} : 0 ${s.size} ${dev} ${s.start}\n`;
  });
  slots.forEach((s, j) => {
    if (s.size === 0n || s.container === undefined) return;
    const k = s.container;
    out += `${partName(j + 1)} : 0 ${s.size} /dev/dm-${minor[k]} ${BigInt.asUintN(64, s.start - slots[k]!.start)}\n`;
    minor[j] = m++;
  });
  return out;
}
