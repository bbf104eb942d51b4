// --allow: the WWIDs behind device-mapper names, paths or MAJ:MIN, found the
// way Red Hat's mpathconf finds them with dmsetup, here through libdevmapper:
// a multipath map's uuid is mpath-<WWID>, a kpartx partition's
// part<N>-mpath-<WWID>, and any other dm device (LVM, crypt) leads on to the
// devices it is built on. An argument that names no dm device, or one without
// a uuid, is taken as a WWID itself.
import { dmDeps, dmInfoByDevt, dmUuid } from "../../io/devmapper.ts";
import { setVerbosity } from "../../log.ts";
import { argBytes, bytesText } from "./bytes.ts";

/** dmsetup info -o uuid: "" when there is no such device, no uuid or no device-mapper at all. */
function uuidOf(arg: string): string {
  try {
    const m = arg.match(/^(\d+):(\d+)$/);
    if (m) return argBytes(dmInfoByDevt(Number(m[1]), Number(m[2]))?.uuid ?? "");
    return argBytes(dmUuid(bytesText(arg)) ?? "");
  } catch {
    return "";
  }
}

function depsOf(uuid: string): { major: number; minor: number }[] {
  try {
    return dmDeps({ uuid: bytesText(uuid) });
  } catch {
    return [];
  }
}

function wwidsOfUuid(uuid: string, out: string[]): void {
  const add = (w: string) => {
    if (!out.includes(w)) out.push(w);
  };
  // everything up to the last "-mpath-" goes (a longest-prefix match)
  if (/^part\d+-mpath-/.test(uuid)) return add(uuid.slice(uuid.lastIndexOf("-mpath-") + "-mpath-".length));
  if (uuid.startsWith("mpath-")) return add(uuid.slice("mpath-".length));
  for (const d of depsOf(uuid)) {
    const u = uuidOf(`${d.major}:${d.minor}`);
    if (u) wwidsOfUuid(u, out);
  }
}

/** The WWIDs for the arguments, in order, each once. */
export function resolveAllow(args: readonly string[]): string[] {
  setVerbosity(0); // dmsetup's complaints go to /dev/null in the script
  const out: string[] = [];
  for (const a of args) {
    const uuid = uuidOf(a);
    if (uuid) wwidsOfUuid(uuid, out);
    else if (!out.includes(a)) out.push(a);
  }
  return out;
}
