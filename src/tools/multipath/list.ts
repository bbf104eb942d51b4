// multipath -l / -ll: print the topology of the kernel's multipath maps.
import { closeSync, constants, openSync, readFileSync } from "node:fs";
import { stdout } from "../../cli/io.ts";
import { type SysfsPath, sysfsPathByDevt } from "../../discovery/sysfsPath.ts";
import { udevProperties } from "../../discovery/udevDb.ts";
import { LOG, condlog } from "../../log.ts";
import { multipathdListening } from "../../multipath/daemonRunning.ts";
import { type DeviceArg, blockMajor, classifyDevice } from "../../multipath/deviceArg.ts";
import { type KernelMap, readKernelMaps } from "../../multipath/kernelMaps.ts";
import { type PathExtras, mapView } from "../../multipath/mapView.ts";
import { formatTopology } from "../../print/topology.ts";
import type { MapView } from "../../print/views.ts";

export type ListOpts = { long: boolean; verbosity: number; json?: boolean; device?: string };

/** Whether the device node opens: upstream's list mode opens each path and
 * takes a failure (e.g. an offline SCSI device) as a faulty path. */
function opens(dev: string): boolean {
  try {
    closeSync(openSync(`/dev/${dev}`, constants.O_RDONLY | constants.O_NONBLOCK));
    return true;
  } catch {
    return false;
  }
}

/** The WWID a path argument refers to; none for a path that cannot be opened. */
function pathWwid(devt: string): string | undefined {
  const facts = sysfsPathByDevt(devt);
  if (!facts || !opens(facts.dev)) return undefined;
  return udevProperties(devt)?.get("ID_SERIAL") || undefined;
}

/** Which maps the argument selects; null when it names a path whose WWID
 * cannot be had (upstream then fails the run without output). */
function selector(arg: DeviceArg): ((m: KernelMap) => boolean) | null {
  switch (arg.kind) {
    case "devmap":
      return (m) => m.name === arg.name || m.wwid === arg.name;
    case "devmapDevt":
      return (m) => m.info.major === arg.major && m.info.minor === arg.minor;
    case "devnode":
    case "devt": {
      const wwid = pathWwid(`${arg.major}:${arg.minor}`);
      return wwid === undefined ? null : (m) => m.wwid === wwid;
    }
    case "invalid":
      return () => false;
  }
}

/** -ll: checker state, priority and WWID of each path, as the configuration selects them. */
async function longExtras(): Promise<(devt: string, facts: SysfsPath | null) => PathExtras> {
  const { loadConfig, formatDiagnostic } = await import("../../config/index.ts");
  const { checkPath } = await import("../../multipath/pathCheck.ts");
  const { pathFacts } = await import("../../discovery/pathFacts.ts");
  const loaded = loadConfig();
  for (const d of loaded.diagnostics) condlog(d.severity === "error" ? LOG.ERR : LOG.NOTICE, formatDiagnostic(d));
  return (devt, base) => {
    const f = pathFacts(devt, { base });
    if (!f) return {};
    if (!opens(f.dev)) return { checkerState: "down" };
    const c = checkPath(loaded.config, f);
    return {
      checkerState: c.check.state, priority: c.priority, checker: c.settings.path_checker.value,
      ...(c.wwid === undefined ? {} : { wwid: c.wwid }),
    };
  };
}

/** failback and queueing of each map, as the configuration selects them (for JSON). */
async function addMapPolicies(maps: KernelMap[], views: MapView[]): Promise<void> {
  const { loadConfig, findDeviceEntries, selectMapSettings } = await import("../../config/index.ts");
  const config = loadConfig().config;
  maps.forEach((m, i) => {
    const first = views[i]!.groups[0]?.paths[0];
    const hwes = findDeviceEntries(config, { vendor: first?.vendor, product: first?.product, revision: first?.rev });
    const s = selectMapSettings(config, { wwid: m.wwid, hwes, paths: [] });
    const fb = s.failback.value;
    views[i]!.failback = typeof fb === "number" ? { deferredSecs: fb, tick: 0 } : { mode: fb };
    const npr = s.no_path_retry.value;
    views[i]!.queueing = typeof npr === "number" ? { retries: npr, retryTick: 0 } : { mode: npr ?? "undef" };
  });
}

export async function listMaps(opts: ListOpts): Promise<number> {
  let filter: DeviceArg | undefined;
  if (opts.device !== undefined) {
    let procDevices = "";
    try {
      procDevices = readFileSync("/proc/devices", "utf8");
    } catch {
      /* no /proc: classification falls back to names */
    }
    filter = classifyDevice(opts.device, blockMajor("device-mapper", procDevices));
    if (filter.kind === "invalid") {
      condlog(LOG.ERR, `'${opts.device}' is not a valid argument\n`);
      return 1;
    }
  }
  const select = filter ? selector(filter) : () => true;
  if (!select) return 1;
  const maps = readKernelMaps().filter(select);
  const cache = new Map<string, ReturnType<typeof sysfsPathByDevt>>();
  const lookupPath = (devt: string) => {
    if (!cache.has(devt)) cache.set(devt, sysfsPathByDevt(devt));
    return cache.get(devt) ?? null;
  };
  const bold = process.stdout.isTTY === true;
  let out = "";
  const extras = opts.long ? await longExtras() : (_devt: string, facts: SysfsPath | null) =>
    facts && !opens(facts.dev) ? { checkerState: "down" as const } : {};
  const views = maps.map((m) => mapView(m, { lookupPath, extras }));
  if (opts.json) {
    const { mapsJson } = await import("../../print/json.ts");
    await addMapPolicies(maps, views);
    out = mapsJson(views);
  } else for (const v of views) out += formatTopology(v, { verbosity: opts.verbosity, bold });
  stdout(out);
  if (maps.length > 0 && !multipathdListening()) {
    condlog(LOG.NOTICE, "Warning: multipath devices exist, but multipathd service is not running");
  }
  return 0;
}
