// multipath -l / -ll: print the topology of the kernel's multipath maps.
import { closeSync, constants, existsSync, openSync, readFileSync } from "node:fs";
import { stdout } from "../../cli/io.ts";
import type { PathFacts } from "../../discovery/pathFacts.ts";
import { type SysfsPath, sysfsPathByDevt } from "../../discovery/sysfsPath.ts";
import { LOG, condlog } from "../../log.ts";
import { multipathdListening } from "../../multipath/daemonRunning.ts";
import { type DeviceArg, blockMajor, classifyDevice } from "../../multipath/deviceArg.ts";
import { type KernelMap, readKernelMaps } from "../../multipath/kernelMaps.ts";
import { type PathExtras, mapView } from "../../multipath/mapView.ts";
import { formatTopology } from "../../print/topology.ts";
import type { MapView } from "../../print/views.ts";

/** `foreign`: -e, every foreign library enabled */
export type ListOpts = { long: boolean; verbosity: number; json?: boolean; device?: string; foreign?: boolean };

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

/** The WWID a path argument refers to, by the uid_attribute the
 * configuration selects for it; none for a path that cannot be opened. */
async function pathWwid(devt: string): Promise<string | undefined> {
  const base = sysfsPathByDevt(devt);
  if (!base || !opens(base.dev)) return undefined;
  const { loadConfig } = await import("../../config/index.ts");
  const { wwidOfDevice } = await import("../../multipath/pathvec.ts");
  return wwidOfDevice(loadConfig().config, devt);
}

/** Which maps the argument selects; null when it names a path whose WWID
 * cannot be had (upstream then fails the run without output). */
async function selector(arg: DeviceArg): Promise<((m: KernelMap) => boolean) | null> {
  switch (arg.kind) {
    case "devmap":
      return (m) => m.name === arg.name || m.wwid === arg.name;
    case "devmapDevt":
      return (m) => m.info.major === arg.major && m.info.minor === arg.minor;
    case "devnode":
    case "devt": {
      const wwid = await pathWwid(`${arg.major}:${arg.minor}`);
      return wwid === undefined ? null : (m) => m.wwid === wwid;
    }
    case "invalid":
      return () => false;
  }
}

type Extras = (devt: string, facts: SysfsPath | null) => PathExtras;

/** -ll: checker state, priority and WWID of each path, as the configuration
 * selects them. As upstream, every disk discovery does not blacklist by
 * devnode is checked once first; the paths of listed maps are checked again
 * and get their priority. Each pass runs its paths' commands together.
 * Returns the extras of each map. */
async function longExtras(maps: readonly KernelMap[]): Promise<(m: KernelMap) => Extras> {
  const { loadConfig, formatDiagnostic, filterDevnode, isBlacklisted } = await import("../../config/index.ts");
  const { PathProber, probeConcurrently } = await import("../../multipath/pathCheck.ts");
  const { pathFacts } = await import("../../discovery/pathFacts.ts");
  const { diskDevts } = await import("../../multipath/pathvec.ts");
  const loaded = loadConfig();
  for (const d of loaded.diagnostics) condlog(d.severity === "error" ? LOG.ERR : LOG.NOTICE, formatDiagnostic(d));
  const config = loaded.config;
  const prober = new PathProber(config);
  // the facts read here serve the map listing too, as upstream's one pathvec
  const seen = new Map<string, PathFacts>();
  const first: PathFacts[] = [];
  for (const devt of diskDevts()) {
    const f = pathFacts(devt);
    if (f) seen.set(devt, f);
    if (!f || isBlacklisted(filterDevnode(config.blacklist, config.blacklistExceptions, f.dev).verdict)) continue;
    if (opens(f.dev)) first.push(f);
  }
  probeConcurrently(first.map((f) => ({ f, program: prober.checkOnlyProgram(f) })));
  // second pass: each listed map's paths, in table order
  const work: { f: PathFacts; key: string; program: ReturnType<typeof prober.checkProgram> }[] = [];
  const down = new Set<string>();
  maps.forEach((m, i) => {
    const map = { inactiveSnapshot: false };
    for (const g of m.table.groups) for (const p of g.paths) {
      const f = seen.get(p.devt) ?? pathFacts(p.devt);
      if (!f) continue;
      seen.set(p.devt, f);
      if (!opens(f.dev)) down.add(`${i}:${p.devt}`);
      else work.push({ f, key: `${i}:${p.devt}`, program: prober.checkProgram(f, map) });
    }
  });
  const checks = probeConcurrently(work);
  const byKey = new Map(work.map((w, j) => [w.key, checks[j]!]));
  return (m) => {
    const i = maps.indexOf(m);
    return (devt) => {
      if (down.has(`${i}:${devt}`)) return { checkerState: "down" };
      const c = byKey.get(`${i}:${devt}`);
      if (!c) return {};
      return {
        checkerState: c.check.state, priority: c.priority, checker: c.settings.path_checker.value,
        ...(c.wwid === undefined ? {} : { wwid: c.wwid }),
      };
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

/** The foreign library's maps (NVMe with native multipath), when enabled. */
async function foreignMaps(opts: ListOpts, bold: boolean): Promise<string> {
  const { foreignEnabled, foreignTopology, nvmeSubsystemsPresent } = await import("./foreign.ts");
  if (!nvmeSubsystemsPresent()) return "";
  if (!opts.foreign) {
    const { loadConfig } = await import("../../config/index.ts");
    if (!(await foreignEnabled(loadConfig().config, false))) return "";
  }
  return foreignTopology(opts.verbosity, bold);
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
  const select = filter ? await selector(filter) : () => true;
  if (!select) return 1;
  const maps = readKernelMaps().filter(select);
  const cache = new Map<string, ReturnType<typeof sysfsPathByDevt>>();
  const lookupPath = (devt: string) => {
    if (!cache.has(devt)) cache.set(devt, sysfsPathByDevt(devt));
    return cache.get(devt) ?? null;
  };
  const bold = process.stdout.isTTY === true;
  let out = "";
  const short: Extras = (_devt, facts) => (facts && !opens(facts.dev) ? { checkerState: "down" as const } : {});
  const perMap = opts.long ? await longExtras(maps) : () => short;
  const pathExists = (devt: string) => existsSync(`/sys/dev/block/${devt}`);
  const views = maps.map((m) => mapView(m, { lookupPath, extras: perMap(m), pathExists, log: condlog }));
  if (opts.json) {
    const { mapsJson } = await import("../../print/json.ts");
    await addMapPolicies(maps, views);
    out = mapsJson(views);
  } else {
    for (const v of views) out += formatTopology(v, { verbosity: opts.verbosity, bold });
    out += await foreignMaps(opts, bold);
  }
  stdout(out);
  if (maps.length > 0 && !multipathdListening()) {
    condlog(LOG.NOTICE, "Warning: multipath devices exist, but multipathd service is not running");
  }
  return 0;
}
