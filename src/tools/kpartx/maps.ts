// kpartx -a / -d: the partition maps themselves, dm-linear on the whole disk.
import { stdout } from "../../cli/io.ts";
import { dmCreate, dmInfo, dmList, dmReload, dmRemove, dmTable, dmUuid } from "../../io/devmapper.ts";
import type { Slot } from "../../partitions/slots.ts";

type AddOpts = {
  maj: number; min: number; uuid: string; partName: (i: number) => string; readOnly: boolean; verbose: boolean; sync: boolean;
};

export async function addPartitionMaps(slots: Slot[], o: AddOpts): Promise<number> {
  let errors = 0;
  // primaries (and other uncontained slots) first, then the contained ones
  const order = [...slots.keys()].filter((i) => slots[i]!.size > 0)
    .sort((a, b) => Number(slots[a]!.container !== undefined) - Number(slots[b]!.container !== undefined));
  for (const i of order) {
    const s = slots[i]!;
    const name = o.partName(i);
    const table = [{ start: 0, length: s.size, type: "linear", params: `${o.maj}:${o.min} ${s.start}` }];
    try {
      if (dmInfo(name)) await dmReload(name, table, { readOnly: o.readOnly, udevSync: o.sync, udevFlags: 0x0100 });
      else await dmCreate(name, table, { uuid: `part${i + 1}-${o.uuid}`, readOnly: o.readOnly, udevSync: o.sync });
      const info = dmInfo(name);
      if (o.verbose && info) {
        stdout(`add map ${name} (${info.major}:${info.minor}): 0 ${s.size} linear ${o.maj}:${o.min} ${s.start}\n`);
      }
    } catch {
      stdout(`create/reload failed on ${name}\n`);
      if (s.container === undefined) errors++;
    }
  }
  return errors & 0xff;
}

type DeleteOpts = { maj: number; min: number; uuid: string; verbose: boolean; sync: boolean };

export async function deletePartitionMaps(o: DeleteOpts): Promise<number> {
  const devt = `${o.maj}:${o.min}`;
  for (const d of dmList()) {
    if (d.major === o.maj && d.minor === o.min) continue;
    const t = dmTable(d.name);
    if (t.length !== 1 || !`${t[0]!.start} ${t[0]!.length} ${t[0]!.type} ${t[0]!.params}`.includes(devt)) continue;
    if (t[0]!.type !== "linear") {
      if (o.verbose) stdout(`${d.name}: is not a linear target. Not removing\n`);
      continue;
    }
    if (o.uuid) {
      const u = dmUuid(d.name) ?? "";
      if (!/^part\d+-/.test(u) || u.slice(u.indexOf("-") + 1) !== o.uuid) {
        if (o.verbose) stdout(`${d.name}: is not a kpartx partition. Not removing\n`);
        continue;
      }
    }
    if ((dmInfo(d.name)?.openCount ?? 0) > 0) {
      if (o.verbose) stdout(`${d.name} is in use. Not removing\n`);
      return 1;
    }
    try {
      await dmRemove(d.name, { udevSync: o.sync, retries: 3, retryDelayMs: 200 });
    } catch {
      if (o.verbose) stdout(`${d.name}: failed to remove\n`);
      return 1;
    }
    if (o.verbose) stdout(`del devmap : ${d.name}\n`);
  }
  return 0;
}

/** -u: slots 256..1 that have no partition but still a map (by name, uuid checked) lose it. */
export async function removeStaleMaps(
  slots: Slot[], o: { uuid: string; partName: (i: number) => string; verbose: boolean; sync: boolean },
): Promise<number> {
  let errors = 0;
  for (let i = 255; i >= 0; i--) {
    if ((slots[i]?.size ?? 0) > 0) continue;
    const name = o.partName(i);
    if (dmUuid(name) !== `part${i + 1}-${o.uuid}`) continue;
    try {
      await dmRemove(name, { udevSync: o.sync, retries: 3, retryDelayMs: 200 });
      if (o.verbose) stdout(`del devmap : ${name}\n`);
    } catch {
      process.stderr.write(`failed to remove ${name}`);
      errors++;
    }
  }
  return errors;
}
