// multipath --explain DEVICE|WWID|MAP: every effective setting of a path (and
// of the map it belongs to) with its origin, in upstream's origin words.
import { readFileSync } from "node:fs";
import { stdout } from "../../cli/io.ts";
import { LOG, condlog } from "../../log.ts";
import { blockMajor, classifyDevice } from "../../multipath/deviceArg.ts";

export async function explainCommand(target: string): Promise<number> {
  const { loadConfig, explainPath, formatDiagnostic } = await import("../../config/index.ts");
  const { pathFacts, blockDisks } = await import("../../discovery/pathFacts.ts");
  const { selectionFacts } = await import("../../multipath/pathCheck.ts");
  const loaded = loadConfig();
  for (const d of loaded.diagnostics) condlog(d.severity === "error" ? LOG.ERR : LOG.NOTICE, formatDiagnostic(d));
  if (loaded.failed) return 1;
  let procDevices = "";
  try {
    procDevices = readFileSync("/proc/devices", "utf8");
  } catch {
    /* names only */
  }
  const dmMajor = blockMajor("device-mapper", procDevices);
  const arg = classifyDevice(target, dmMajor);
  // a path by node, devt or kernel name; otherwise every path of the map
  // (by name, node or WWID), or with the WWID
  const byName = arg.kind === "devmap" ? devtOfName(target) : undefined;
  let devts: string[] = [];
  if (arg.kind === "devnode" || arg.kind === "devt") devts = [`${arg.major}:${arg.minor}`];
  else if (byName && Number(byName.split(":")[0]) !== dmMajor) devts = [byName];
  else {
    const { readKernelMaps } = await import("../../multipath/kernelMaps.ts");
    const map = readKernelMaps().find((m) =>
      m.name === target || m.wwid === target ||
      (arg.kind === "devmapDevt" && m.info.major === arg.major && m.info.minor === arg.minor));
    const wwid = map?.wwid ?? target;
    devts = blockDisks().map((d) => d.devt).filter((devt) => {
      const f = pathFacts(devt);
      return f !== null && selectionFacts(loaded.config, f).wwid === wwid;
    });
  }
  if (devts.length === 0) {
    condlog(LOG.ERR, `${target}: no such path, map or WWID`);
    return 1;
  }
  let out = "";
  for (const devt of devts) {
    const f = pathFacts(devt);
    if (!f) continue;
    out += explainPath(loaded.config, selectionFacts(loaded.config, f)) + "\n";
  }
  stdout(out);
  return 0;
}

function devtOfName(name: string): string | undefined {
  try {
    return readFileSync(`/sys/class/block/${name}/dev`, "utf8").trim();
  } catch {
    return undefined;
  }
}
