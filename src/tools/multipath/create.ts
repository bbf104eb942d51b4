// multipath [device] / -d / -r: find the paths, build the wanted maps, and
// create, reload, rename or switch them; print what changed.
import { readFileSync, writeFileSync } from "node:fs";
import { stdout } from "../../cli/io.ts";
import type { Config } from "../../config/index.ts";
import { KEYWORDS, formatDiagnostic, loadConfig } from "../../config/index.ts";
import { removeFeature } from "../../config/features.ts";
import { pathFacts } from "../../discovery/pathFacts.ts";
import { udevProperties } from "../../discovery/udevDb.ts";
import { dmCreateStart, dmMessage, dmReloadStart, dmRename, dmUuid, udevWait } from "../../io/devmapper.ts";
import { sgIo, sgOk, withSgDevice } from "../../io/sg.ts";
import { LOG, condlog } from "../../log.ts";
import { type FindMultipaths, type Path, type WantedMap, coalesce } from "../../multipath/coalesce.ts";
import { multipathdListening } from "../../multipath/daemonRunning.ts";
import { type KernelMap, readKernelMaps } from "../../multipath/kernelMaps.ts";
import { checkPath } from "../../multipath/pathCheck.ts";
import { diskDevts, pathBlacklisted } from "../../multipath/pathvec.ts";
import { type PgPolicy, groupStats } from "../../policy/pathGroups.ts";
import { formatTopology } from "../../print/topology.ts";
import type { MapView } from "../../print/views.ts";
import { inquiry } from "../../scsi/commands.ts";
import { targetPortGroup } from "../../scsi/vpd.ts";
import { userFriendlyAlias } from "../../state/bindings.ts";
import { hasWwid, rememberWwid } from "../../state/wwids.ts";

export type CreateOpts = {
  verbosity: number; dryRun: boolean; forceReload: boolean; allowQueueing: boolean; ignoreWwids: boolean;
  bindingsReadOnly: boolean; pgpolicy?: PgPolicy; refWwid?: string;
};

const RELOAD_FLAG = 0x0100, NO_KPARTX_FLAG = 0x0200, NO_PATHS_FLAG = 0x0400;

function tpgIdOf(dev: string): number {
  try {
    return withSgDevice(`/dev/${dev}`, (fd) => {
      const r = sgIo(fd, inquiry(0x83, 4096));
      return sgOk(r) ? targetPortGroup(r.data) : -1;
    });
  } catch {
    return -1;
  }
}

/** The non-blacklisted paths with their checker state and priority, in udev order. */
function discover(config: Config): Path[] {
  const out: Path[] = [];
  for (const devt of diskDevts()) {
    const facts = pathFacts(devt);
    if (!facts) continue;
    const check = checkPath(config, facts);
    if (pathBlacklisted(config, facts, check.settings.uid_attribute.value, check.wwid)) continue;
    let tpg: number | undefined;
    const tpgId = () => (tpg ??= check.tpgs !== "none" && check.tpgs !== "undef" && facts.sysfsState === "up" ? tpgIdOf(facts.dev) : -1);
    out.push({ facts, check, tpgId, order: out.length });
  }
  return out;
}

function udevReady(m: KernelMap): boolean {
  const props = udevProperties(`${m.info.major}:${m.info.minor}`);
  if (!props) return true;
  return props.get("MPATH_DEVICE_READY") === "1";
}

const ACTION_WORD: Record<string, MapView["action"]> = {
  create: "create", reload: "reload", switchpg: "switchpg", rename: "rename", reject: "reject", impossible: "nothing",
};

/** A path's state in the kernel's current map, as upstream keeps it from the earlier map scan. */
function kernelPathState(m: WantedMap, devt: string): "active" | "failed" | "undef" {
  const cur = m.current;
  if (!cur) return "undef";
  for (const [gi, g] of cur.table.groups.entries()) {
    const pi = g.paths.findIndex((p) => p.devt === devt);
    const sp = pi >= 0 ? cur.status.groups[gi]?.paths[pi] : undefined;
    if (sp) return sp.active ? "active" : "failed";
  }
  return "undef";
}

function view(m: WantedMap, dm: { minor: number; readOnly: boolean } | undefined): MapView {
  return {
    alias: m.alias, wwid: m.wwid, sizeSectors: m.sizeSectors, ...(dm ? { dm } : {}),
    features: "", hwhandler: m.settings.hardware_handler.value, action: ACTION_WORD[m.action] ?? "other",
    groups: m.groups.map((g) => ({
      selector: m.settings.path_selector.value, state: "undef",
      priority: 0,
      paths: g.map((p) => ({
        dev: p.facts.dev, devt: p.facts.devt, ...(p.facts.hcil ? { hcil: p.facts.hcil } : {}), vendor: p.facts.vendor,
        product: p.facts.product, rev: p.facts.rev, priority: p.check.priority, dmState: kernelPathState(m, p.facts.devt),
        checkerState: p.check.check.state, inMap: true, sysfsDown: p.facts.sysfsState === "down",
      })),
    })),
  };
}

// udev confirmations still outstanding: waited for together at the end
const udevCookies: number[] = [];

const skipKpartx = (m: WantedMap) => (m.settings.skip_kpartx.value === "yes" ? NO_KPARTX_FLAG : 0);

async function domap(m: WantedMap, table: { start: number; length: number; type: string; params: string }[], noPaths: boolean): Promise<boolean> {
  const rename = m.action.endsWith("-rename") || m.action === "rename";
  if (rename && m.current) await dmRename(m.current.name, m.alias, { udevFlags: skipKpartx(m) });
  if (m.action.startsWith("switchpg")) dmMessage(m.alias, `switch_group ${m.bestGroup}`);
  if (m.action === "create") {
    const other = dmUuid(m.alias);
    if (other !== null && other !== `mpath-${m.wwid}`) {
      condlog(LOG.WARN, `${m.wwid}: map "${m.alias}" already present with WWID "${other.replace(/^mpath-/, "")}", skipping\nplease check alias settings in config and bindings file`);
      m.action = "reject";
      return false;
    }
    condlog(LOG.NOTICE, `${m.alias}: addmap [0 ${m.sizeSectors} multipath ${m.params}]`);
    udevCookies.push(dmCreateStart(m.alias, table, {
      uuid: `mpath-${m.wwid}`, skipLockfs: true, noflush: true, udevFlags: skipKpartx(m) | (noPaths ? NO_PATHS_FLAG : 0),
    }));
    rememberWwid(m.wwid);
    for (const g of m.groups) for (const p of g) {
      try {
        writeFileSync(`${p.facts.syspath}/uevent`, "change");
      } catch {
        /* the path went away */
      }
    }
  } else if (m.action.startsWith("reload") || m.action.startsWith("resize")) {
    condlog(LOG.NOTICE, `${m.alias}: reload [0 ${m.sizeSectors} multipath ${m.params}]`);
    udevCookies.push(dmReloadStart(m.alias, table, {
      noflush: !m.action.startsWith("resize"),
      udevFlags: (m.forceUdevReload ? 0 : RELOAD_FLAG) | (noPaths ? NO_PATHS_FLAG : 0) | skipKpartx(m),
    }));
  } else return true;
  dmMessage(m.alias, `switch_group ${m.bestGroup}`);
  return true;
}

export async function createCommand(o: CreateOpts): Promise<number> {
  const loaded = loadConfig();
  for (const d of loaded.diagnostics) condlog(d.severity === "error" ? LOG.ERR : LOG.NOTICE, formatDiagnostic(d));
  if (loaded.failed) return 1;
  const config = loaded.config;
  let mode = (config.defaults.find_multipaths ?? KEYWORDS.find_multipaths.builtin) as FindMultipaths;
  if (o.ignoreWwids) mode = mode === "strict" || mode === "on" ? "smart" : mode === "off" ? "greedy" : mode;
  const paths = discover(config);
  const current = readKernelMaps();
  const prefixDefault = (config.defaults.alias_prefix ?? KEYWORDS.alias_prefix.builtin) as string;
  const maps = coalesce(paths, {
    config, current, udevReady, findMultipaths: mode, inWwidsFile: (w) => !o.ignoreWwids && hasWwid(w),
    forceReload: o.forceReload, dryRun: o.dryRun, kernel: kernelVersion(),
    ...(o.refWwid ? { refWwid: o.refWwid } : {}), ...(o.pgpolicy ? { pgpolicy: o.pgpolicy } : {}),
    alias: (wwid, s, aliasOld) => {
      if (s.alias.value) return s.alias.value;
      if (s.user_friendly_names.value !== "yes") return wwid;
      return userFriendlyAlias(wwid, aliasOld, s.alias_prefix.value ?? prefixDefault, {
        readOnly: o.bindingsReadOnly, takenByOtherMap: (a, w) => current.some((m) => m.name === a && m.wwid !== w),
      }) ?? wwid;
    },
  });
  const daemon = multipathdListening();
  let out = "";
  let wanted = 0;
  for (const m of maps) {
    if (m.action !== "dry-run") wanted++;
    if (m.action !== "dry-run") warnScsiTimeouts(m);
    const noPaths = !m.groups.some((g) => g.some((p) => ["up", "ghost", "pending"].includes(p.check.check.state)));
    const table = [{ start: 0, length: m.sizeSectors, type: "multipath", params: m.params }];
    if (m.action !== "dry-run" && !(await domap(m, table, noPaths))) continue;
    const npr = m.settings.no_path_retry.value;
    const queueingOff = m.action !== "dry-run" && !daemon && !o.allowQueueing;
    if (queueingOff) {
      if (npr !== undefined && npr !== "fail") condlog(LOG.INFO, `${m.alias}: multipathd not running, unset queue_if_no_path feature`);
      try {
        dmMessage(m.alias, "fail_if_no_path");
      } catch {
        /* the map may already be gone */
      }
    }
    if (m.action !== "nothing") {
      const v = view(m, undefined);
      // the features as loaded, less queueing when it was just switched off
      const loaded = m.params.split(" ").slice(0, Number(m.params.split(" ")[0]) + 1).join(" ");
      v.features = queueingOff ? removeFeature(loaded, "queue_if_no_path") : loaded;
      v.groups.forEach((g, i) => (g.priority = groupPrio(m.groups[i]!)));
      out += formatTopology(v, { verbosity: o.verbosity, bold: process.stdout.isTTY === true });
    }
  }
  // every map's /dev/mapper node exists when multipath returns
  await Promise.all(udevCookies.splice(0).map((c) => udevWait(c)));
  stdout(out);
  if ((current.length > 0 || wanted > 0) && !daemon) {
    condlog(LOG.NOTICE, "Warning: multipath devices exist, but multipathd service is not running");
  }
  return 0;
}

// upstream warns once per protocol and process
const tmoWarned = new Set<string>();
function warnScsiTimeouts(m: WantedMap): void {
  for (const p of m.groups.flat().sort((a, b) => a.order - b.order)) {
    const s = p.check.settings;
    const set = s.fast_io_fail_tmo.value !== undefined || s.dev_loss_tmo.value !== undefined || s.eh_deadline.value !== undefined;
    if (!set || ["scsi:fcp", "scsi:iscsi", "scsi:sas"].includes(p.facts.protocol) || tmoWarned.has(p.facts.protocol)) continue;
    tmoWarned.add(p.facts.protocol);
    condlog(LOG.NOTICE, `${p.facts.dev}: setting scsi timeouts is unsupported for protocol ${p.facts.protocol}`);
  }
}

const groupPrio = (g: Path[]) => groupStats(g.map((p) => ({ priority: p.check.priority, state: p.check.check.state }))).priority;

function kernelVersion(): [number, number] {
  try {
    const [maj, min] = readFileSync("/proc/sys/kernel/osrelease", "utf8").split(".").map(Number);
    return [maj ?? 6, min ?? 0];
  } catch {
    return [6, 0];
  }
}
