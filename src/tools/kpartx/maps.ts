// kpartx's partition maps: dm-linear onto the whole disk, found by name or
// by uuid (and then renamed), created or reloaded, removed when stale (-u)
// or all at once (-d), with upstream's messages and error counting.
import { stderr, stdout } from "../../cli/io.ts";
import {
  dmCreate, dmInfo, dmList, dmNameByUuid, dmReload, dmRemove, dmRename, dmResume, dmTable, dmUuid,
} from "../../io/devmapper.ts";
import type { Slot } from "../../partitions/slots.ts";

/** DM_SUBSYSTEM_UDEV_FLAG0: multipath-tools' "this is a reload" flag */
const RELOAD_FLAG = 0x0100;
const NONDM_UUID = /^devnode_(\d+):(\d+)_Wh5pYvM$/;

export type PartitionParent = {
  /** the disk's map name (dm name, or the device's basename) */
  mapname: string;
  /** the disk's devt, which the partition tables map onto */
  maj: number; min: number;
  /** the parent uuid partition uuids extend; "" for none (-d -f) */
  uuid: string;
  partName: (part: number) => string;
  verbose: boolean;
};

/** A single-target table's params, or null (upstream's dm_get_map). */
function singleParams(name: string): { type: string; params: string } | null {
  try {
    const t = dmTable(name);
    return t.length === 1 ? { type: t[0]!.type, params: t[0]!.params } : null;
  } catch {
    return null;
  }
}

function devtOf(name: string): { major: number; minor: number } | null {
  try {
    const i = dmInfo(name);
    return i ? { major: i.major, minor: i.minor } : null;
  } catch {
    return null;
  }
}

/** Is there a map for partition `part`: by its name, else by its uuid,
 * in which case it is renamed to the name (how -u -p switches delimiters).
 * `partUuid`: the found map's uuid, when it has one. */
async function findPart(p: PartitionParent, part: number): Promise<{ found: boolean; partUuid?: string }> {
  const name = p.partName(part);
  const existing = dmUuid(name);
  if (existing !== null) return existing ? { found: true, partUuid: existing } : { found: true };
  if (!p.uuid) return { found: false };
  const uuid = `part${part}-${p.uuid}`;
  const other = dmNameByUuid(uuid);
  if (!other) return { found: false };
  if (singleParams(other)?.type !== "linear") return { found: false };
  const m = p.uuid.match(NONDM_UUID);
  const devt = m ? { major: Number(m[1]), minor: Number(m[2]) } : devtOf(p.mapname);
  if (!devt || !singleParams(other)!.params.includes(`${devt.major}:${devt.minor}`)) return { found: false };
  if (p.verbose) stderr(`found map ${other} for uuid ${uuid}, renaming to ${name}\n`);
  try {
    await dmRename(other, name);
    return { found: true, partUuid: uuid };
  } catch {
    if (p.verbose) stderr(`renaming ${other}->${name} failed\n`);
    return { found: false };
  }
}

/** Why a map's uuid makes it not ours, or null when it is our partition. */
function foreignReason(parentUuid: string, partUuid: string): string | null {
  const dash = partUuid.indexOf("-");
  if (dash < 0 || !partUuid.startsWith("part")) return "not a kpartx partition";
  return partUuid.slice(dash + 1) === parentUuid ? null : "a partition of a different device";
}

/** `sectors`: the disk's size in 512-byte units */
export type AddOpts = { readOnly: boolean; sectors: bigint };

/** -a (and the first half of -u): uncontained slots first, then contained
 * ones; only failures on uncontained slots count in the exit status. */
export async function addPartitionMaps(slots: readonly Slot[], p: PartitionParent, o: AddOpts): Promise<number> {
  let errors = 0;
  const devt = slots.map(() => ({ major: 0, minor: 0 }));
  const add = async (j: number, contained: boolean) => {
    const s = slots[j]!;
    const name = p.partName(j + 1);
    if (contained && slots[s.container!]!.size === 0n) stderr(`Invalid slice ${s.container}\n`);
    const params = `${p.maj}:${p.min} ${s.start}`;
    const { found, partUuid } = await findPart(p, j + 1);
    if (partUuid && p.uuid) {
      const why = foreignReason(p.uuid, partUuid);
      if (why) {
        stderr(`${name} is already in use, and ${why}\n`);
        if (!contained) errors++;
        return;
      }
    }
    const table = [{ start: 0, length: Number(s.size), type: "linear", params }];
    try {
      // the kernel would refuse it; say why instead of passing the ioctl's EINVAL on
      if (s.start + s.size > o.sectors) {
        stderr(`${name}: partition ends at sector ${s.start + s.size}, past the end of the device (${o.sectors} sectors)\n`);
        throw new Error("past the end");
      }
      if (found) await dmReload(name, table, { readOnly: o.readOnly, skipResume: true });
      else await dmCreate(name, table, { readOnly: o.readOnly, ...(p.uuid ? { uuid: `part${j + 1}-${p.uuid}` } : {}) });
    } catch {
      if (!contained) {
        stderr(`create/reload failed on ${name}\n`);
        errors++;
        return;
      }
    }
    if (found) {
      try {
        await dmResume(name, { noflush: true, skipLockfs: true, udevFlags: RELOAD_FLAG });
      } catch {
        if (!contained) {
          stderr(`resume failed on ${name}\n`);
          errors++;
          return;
        }
      }
    }
    devt[j] = devtOf(name) ?? devt[j]!;
    if (p.verbose) stdout(`add map ${name} (${devt[j]!.major}:${devt[j]!.minor}): 0 ${s.size} linear ${params}\n`);
  };
  for (let j = 0; j < slots.length; j++) if (slots[j]!.size > 0n && slots[j]!.container === undefined) await add(j, false);
  for (let j = 0; j < slots.length; j++) if (slots[j]!.size > 0n && slots[j]!.container !== undefined) await add(j, true);
  return errors;
}

/** The second half of -u: partitions 256..1 without a slot but with a map lose it. */
export async function removeStaleMaps(slots: readonly Slot[], p: PartitionParent): Promise<number> {
  let errors = 0;
  for (let j = 255; j >= 0; j--) {
    if ((slots[j]?.size ?? 0n) > 0n) continue;
    const { found, partUuid } = await findPart(p, j + 1);
    if (!found) continue;
    const name = p.partName(j + 1);
    if (partUuid && p.uuid) {
      const why = foreignReason(p.uuid, partUuid);
      if (why) {
        stderr(`${name} is ${why}. Not removing\n`);
        continue;
      }
    }
    try {
      await dmRemove(name, { noflush: true, skipLockfs: true });
    } catch {
      stderr(`failed to remove ${name}`);
      errors++;
      continue;
    }
    if (p.verbose) stdout(`del devmap : ${name}\n`);
  }
  return errors;
}

/** part<digits>-<parent uuid> */
const isPartitionOf = (uuid: string, parent: string) => {
  const m = uuid.match(/^part\d+-/);
  return m !== null && uuid.slice(m[0].length) === parent;
};

/** -d: every single-target linear map over the disk whose uuid makes it
 * one of its partitions. A busy map, or one that fails to go, stops the walk. */
export async function deletePartitionMaps(p: PartitionParent): Promise<number> {
  let devices;
  try {
    devices = dmList();
  } catch {
    return 1;
  }
  const own = devtOf(p.mapname);
  const isDmParent = own?.major === p.maj && own.minor === p.min;
  const devt = `${p.maj}:${p.min}`;
  for (const d of devices) {
    if (isDmParent && d.name === p.mapname) continue;
    const t = singleParams(d.name);
    if (!t || !t.params.includes(devt)) continue;
    if (t.type !== "linear") {
      if (p.verbose) stdout(`${d.name}: is not a linear target. Not removing\n`);
      continue;
    }
    if (p.uuid && !isPartitionOf(dmUuid(d.name) ?? "", p.uuid)) {
      if (p.verbose) stdout(`${d.name}: is not a kpartx partition. Not removing\n`);
      continue;
    }
    let open: number;
    try {
      open = dmInfo(d.name)?.openCount ?? -1;
    } catch {
      open = -1;
    }
    if (open !== 0) {
      if (p.verbose) stdout(`${d.name} is in use. Not removing\n`);
      return 1;
    }
    try {
      await dmRemove(d.name, { skipLockfs: true });
    } catch {
      if (p.verbose) stdout(`${d.name}: failed to remove\n`);
      return 1;
    }
    if (p.verbose) stdout(`del devmap : ${d.name}\n`);
  }
  return 0;
}
