// multipath [device] / -d / -r: find the paths, build the wanted maps, and
// create, reload, rename or switch them; print what changed.
import { existsSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { stderr, stdout } from "../../cli/io.ts";
import { KEYWORDS, formatDiagnostic, loadConfig } from "../../config/index.ts";
import { removeFeature } from "../../config/features.ts";
import { udevProperties } from "../../discovery/udevDb.ts";
import { dmMessage } from "../../io/devmapper.ts";
import { LOG, condlog } from "../../log.ts";
import { checkAliasSettings } from "../../multipath/aliasSettings.ts";
import { checkedPaths } from "../../multipath/checkedPaths.ts";
import { type FindMultipaths, type Path, type WantedMap, coalesce } from "../../multipath/coalesce.ts";
import { multipathdListening } from "../../multipath/daemonRunning.ts";
import { MapChanger } from "../../multipath/domap.ts";
import { type KernelMap, readKernelMaps } from "../../multipath/kernelMaps.ts";
import { phase } from "../../phases.ts";
import { type PgPolicy, groupStats } from "../../policy/pathGroups.ts";
import { formatTopology } from "../../print/topology.ts";
import type { MapView } from "../../print/views.ts";
import { BINDINGS_FILE, userFriendlyAlias } from "../../state/bindings.ts";
import { StateFileError, holdStateLock } from "../../state/lockedFile.ts";
import { hasWwid } from "../../state/wwids.ts";

export type CreateOpts = {
  verbosity: number; dryRun: boolean; forceReload: boolean; allowQueueing: boolean; ignoreWwids: boolean;
  bindingsReadOnly: boolean; pgpolicy?: PgPolicy; refWwid?: string;
};

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

export async function createCommand(o: CreateOpts): Promise<number> {
  phase("startup");
  const loaded = loadConfig();
  phase("config");
  for (const d of loaded.diagnostics) condlog(d.severity === "error" ? LOG.ERR : LOG.NOTICE, formatDiagnostic(d));
  if (loaded.failed) return 1;
  const aliases = checkAliasSettings(loaded.config, { bindingsReadOnly: o.bindingsReadOnly });
  if (!aliases.ok) {
    stderr("fatal configuration error, aborting\n");
    return 1;
  }
  const config = aliases.config;
  let mode = (config.defaults.find_multipaths ?? KEYWORDS.find_multipaths.builtin) as FindMultipaths;
  if (o.ignoreWwids) mode = mode === "strict" || mode === "on" ? "smart" : mode === "off" ? "greedy" : mode;
  const { paths, partitionsOf } = checkedPaths(config);
  phase("discovery");
  const current = readKernelMaps();
  phase("kernel maps");
  const prefixDefault = (config.defaults.alias_prefix ?? KEYWORDS.alias_prefix.builtin) as string;
  const maps = coalesce(paths, {
    config, current, udevReady, findMultipaths: mode, inWwidsFile: (w) => !o.ignoreWwids && hasWwid(w),
    present: (p) => existsSync(`${p.facts.syspath}/dev`),
    forceReload: o.forceReload, dryRun: o.dryRun, kernel: kernelVersion(),
    ...(o.refWwid ? { refWwid: o.refWwid } : {}), ...(o.pgpolicy ? { pgpolicy: o.pgpolicy } : {}),
    alias: (wwid, s, aliasOld) => {
      if (s.alias.value) return s.alias.value;
      if (s.user_friendly_names.value !== "yes") return wwid;
      return userFriendlyAlias(wwid, aliasOld, s.alias_prefix.value ?? prefixDefault, {
        readOnly: o.bindingsReadOnly, mpeAliases: aliases.mpeAliases,
        takenByOtherMap: (a, w) => current.some((m) => m.name === a && m.wwid !== w),
      }) ?? wwid;
    },
  });
  const daemon = multipathdListening();
  const changer = new MapChanger(partitionsOf);
  let out = "";
  let wanted = 0;
  // the bindings and wwids files change once per new map: lock them once
  const releaseState = lockStateFiles();
  try {
    for (const m of maps) {
      phase("maps: select, alias");
      if (m.action !== "dry-run") wanted++;
      if (m.action !== "dry-run") warnScsiTimeouts(m);
      const noPaths = !m.groups.some((g) => g.some((p) => ["up", "ghost", "pending"].includes(p.check.check.state)));
      const table = [{ start: 0, length: m.sizeSectors, type: "multipath", params: m.params }];
      const outcome = m.action === "dry-run" ? "done" : await changer.apply(m, table, noPaths);
      phase("maps: dm, wwids");
      if (outcome === "failed") m.failed = true;
      if (outcome !== "done") continue;
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
      phase("maps: queueing, print");
    }
  } finally {
    releaseState();
  }
  // every map's /dev/mapper node exists when multipath returns
  await changer.finish();
  phase("udev wait, path uevents");
  stdout(out);
  if ((current.length > 0 || wanted > 0) && !daemon) {
    condlog(LOG.NOTICE, "Warning: multipath devices exist, but multipathd service is not running");
  }
  return 0;
}

/** Hold the state files' lock for the run; without it (a read-only
 * /etc), each update tries alone and reports its own failure. */
function lockStateFiles(): () => void {
  try {
    return holdStateLock(dirname(BINDINGS_FILE));
  } catch (e) {
    if (!(e instanceof StateFileError)) throw e;
    return () => {};
  }
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
