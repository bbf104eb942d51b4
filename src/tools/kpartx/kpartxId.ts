// kpartx_id MAJOR MINOR UUID: the udev properties the dm rules build
// persistent names from (upstream's kpartx_id script, which asks dmsetup;
// here libdevmapper directly). For a kpartx partition (uuid part<N>-...):
// DM_MPATH (the parent's name) and DM_PART; for multipath maps and their
// partitions: DM_TYPE from the path devices' majors, DM_WWN, DM_SERIAL.
import { stderr, stdout } from "../../cli/io.ts";

/** DM_TYPE from the dependencies in `dmsetup deps` words ("(8, 16) ..."), as upstream matches them. */
export function mapType(deps: string | null): "ccw" | "cciss" | "raid" | "scsi" {
  if (!deps) return "raid";
  if (deps.includes("(94,")) return "ccw";
  if ([104, 105, 106, 107, 108, 109, 110, 112].some((m) => deps.includes(`(${m},`))) return "cciss";
  if (deps.includes("(9")) return "raid";
  return "scsi";
}

export type UuidParts = { table: string; rest: string; part: string };

/** '<type>-<uuid>'; kpartx tables are 'part<N>-<parent uuid>'. */
export function splitUuid(uuid: string): UuidParts {
  const dash = uuid.indexOf("-");
  let table = dash < 0 ? uuid : uuid.slice(0, dash);
  const rest = dash < 0 ? uuid : uuid.slice(dash + 1);
  let part = "";
  if (table.startsWith("part")) {
    part = table.slice(4);
    table = "part";
  }
  return { table, rest, part };
}

/** The lines kpartx_id prints, given how to look a map up by uuid. */
export function kpartxIdLines(uuid: string, lookup: { nameByUuid: (u: string) => string | null; depsByUuid: (u: string) => string | null }): string {
  const { table, rest, part } = splitUuid(uuid);
  let out = "";
  let deps: string | null = null;
  let serial = "";
  if (table === "part") {
    out += `DM_MPATH=${lookup.nameByUuid(rest) ?? ""}\n`;
    if (rest.startsWith("mpath-")) {
      deps = lookup.depsByUuid(rest);
      serial = rest.slice("mpath-".length);
    }
  } else if (table === "mpath") {
    serial = rest;
    deps = lookup.depsByUuid(uuid);
  }
  if (part) out += `DM_PART=${part}\n`;
  const type = mapType(deps);
  out += `DM_TYPE=${type}\n`;
  if (type === "scsi") out += `DM_WWN=0x${serial.slice(1)}\n`;
  if (serial) out += `DM_SERIAL=${serial}\n`;
  return out;
}

export async function main(argv: string[]): Promise<number> {
  const [major, minor, uuid = ""] = argv;
  if (!major || !minor) {
    stdout("usage: kpartx_id major minor UUID\n");
    return 1;
  }
  let dm: typeof import("../../io/devmapper.ts");
  try {
    dm = await import("../../io/devmapper.ts");
    dm.dmLibraryVersion();
  } catch {
    // as upstream without dmsetup: nothing to say, and not an error
    stderr("kpartx_id: libdevmapper not found\n");
    return 0;
  }
  const { dmDeps, dmNameByUuid } = dm;
  stdout(kpartxIdLines(uuid, {
    nameByUuid: dmNameByUuid,
    depsByUuid: (u) => {
      try {
        const d = dmDeps({ uuid: u });
        return `${d.length} dependencies\t: ${d.map((x) => `(${x.major}, ${x.minor})`).join(" ")}`;
      } catch {
        return null;
      }
    },
  }));
  return 0;
}
