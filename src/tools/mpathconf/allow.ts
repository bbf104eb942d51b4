// --allow: the WWIDs behind dm device names, nodes or maj:min, as Red Hat's
// mpathconf finds them with dmsetup (through stacked devices too); anything
// that is not a dm device is taken as a WWID.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";

function uuidOf(arg: string): { uuid: string; devt: string } | null {
  let devt: string | undefined;
  const m = arg.match(/^(\d+):(\d+)$/);
  if (m) devt = arg;
  else if (existsSync(arg) && statSync(arg).isBlockDevice()) {
    const r = BigInt(statSync(arg).rdev);
    devt = `${Number((r >> 8n) & 0xfffn)}:${Number((r & 0xffn) | ((r >> 12n) & 0xfff00n))}`;
  } else {
    for (const d of safeReaddir("/sys/block")) {
      if (!d.startsWith("dm-")) continue;
      if (read(`/sys/block/${d}/dm/name`) === arg) devt = read(`/sys/block/${d}/dev`);
    }
  }
  if (!devt) return null;
  const uuid = read(`/sys/dev/block/${devt}/dm/uuid`);
  return uuid === undefined ? null : { uuid, devt };
}

const read = (p: string) => {
  try {
    return readFileSync(p, "utf8").trim();
  } catch {
    return undefined;
  }
};
const safeReaddir = (p: string) => {
  try {
    return readdirSync(p);
  } catch {
    return [];
  }
};

function resolve(arg: string, seen = new Set<string>()): string[] {
  const u = uuidOf(arg);
  if (!u) return [arg];
  const m = u.uuid.match(/^(?:part\d+-)?mpath-(.+)$/);
  if (m) return [m[1]!];
  if (seen.has(u.devt)) return [];
  seen.add(u.devt);
  // another dm device: follow what it is built on
  return safeReaddir(`/sys/dev/block/${u.devt}/slaves`).flatMap((s) => {
    const d = read(`/sys/class/block/${s}/dev`);
    return d && read(`/sys/dev/block/${d}/dm/uuid`) !== undefined ? resolve(d, seen) : [];
  });
}

export async function wwidsFor(args: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const a of args) for (const w of resolve(a)) if (!out.includes(w)) out.push(w);
  return out;
}
