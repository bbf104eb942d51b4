// Carrying out a wanted map's action in the kernel (upstream's domap) for a
// whole multipath run: creates and reloads go out one after another, their
// udev confirmations are awaited together at the end, and only then are the
// new members' uevents sent. A create that fails leaves no map behind: the
// empty device is removed, the WWID is marked failed for `multipath -u`,
// and paths udev had claimed for it are released again.
import { dmCreateStart, dmInfo, dmMessage, dmReloadStart, dmRemove, dmRename, dmUuid, udevWaitAll } from "../io/devmapper.ts";
import { DmError } from "../io/dmTask.ts";
import type { PathFacts } from "../discovery/pathFacts.ts";
import { LOG, condlog } from "../log.ts";
import { markFailedWwid, unmarkFailedWwid } from "../state/failedWwids.ts";
import { rememberWwid } from "../state/wwids.ts";
import type { WantedMap } from "./coalesce.ts";
import { triggerPathUevents } from "./pathUevents.ts";

const RELOAD_FLAG = 0x0100, NO_KPARTX_FLAG = 0x0200, NO_PATHS_FLAG = 0x0400;
const DM_DEVICE_CREATE = 0, DM_DEVICE_RELOAD = 1;

/** upstream's dm_log_error after a failed task (libdm's own lines came first) */
function addmapFailed(task: number, e: DmError): void {
  condlog(LOG.NOTICE, `dm_addmap: libdm task=${task} error: ${e.errnoText}`);
}

export type Table = { start: number; length: number; type: string; params: string }[];
type Member = { facts: PathFacts; partitions: readonly string[] };
/** done: the kernel has the map as wanted; rejected: left alone (name
 * taken); failed: the kernel refused it, nothing of it remains. */
export type DomapOutcome = "done" | "rejected" | "failed";

const skipKpartx = (m: WantedMap) => (m.settings.skip_kpartx.value === "yes" ? NO_KPARTX_FLAG : 0);

export class MapChanger {
  private readonly cookies: number[] = [];
  // paths of new maps, told to udev once the maps' own events are
  // confirmed: their rules run programs on every path, and run alongside
  // the map events they slowed those down (docs/findings.md)
  private readonly members: Member[] = [];
  private readonly released: Member[] = [];

  constructor(private readonly partitionsOf: (devt: string) => readonly string[]) {}

  private membersOf(m: WantedMap): Member[] {
    return m.groups.flat().map((p) => ({ facts: p.facts, partitions: this.partitionsOf(p.facts.devt) }));
  }

  async apply(m: WantedMap, table: Table, noPaths: boolean): Promise<DomapOutcome> {
    const rename = m.action.endsWith("-rename") || m.action === "rename";
    if (rename && m.current) await dmRename(m.current.name, m.alias, { udevFlags: skipKpartx(m) });
    if (m.action.startsWith("switchpg")) this.switchGroup(m);
    if (m.action === "create") {
      const other = dmUuid(m.alias);
      if (other !== null && other !== `mpath-${m.wwid}`) {
        condlog(LOG.WARN, `${m.wwid}: map "${m.alias}" already present with WWID "${other.replace(/^mpath-/, "")}", skipping\nplease check alias settings in config and bindings file`);
        m.action = "reject";
        return "rejected";
      }
      condlog(LOG.NOTICE, `${m.alias}: addmap [0 ${m.sizeSectors} multipath ${m.params}]`);
      try {
        this.cookies.push(dmCreateStart(m.alias, table, {
          uuid: `mpath-${m.wwid}`, skipLockfs: true, noflush: true, udevFlags: skipKpartx(m) | (noPaths ? NO_PATHS_FLAG : 0),
        }));
      } catch (e) {
        if (!(e instanceof DmError)) throw e;
        addmapFailed(DM_DEVICE_CREATE, e);
        await this.createFailed(m, e);
        return "failed";
      }
      unmarkFailedWwid(m.wwid);
      rememberWwid(m.wwid);
      this.members.push(...this.membersOf(m));
    } else if (m.action.startsWith("reload") || m.action.startsWith("resize")) {
      condlog(LOG.NOTICE, `${m.alias}: reload [0 ${m.sizeSectors} multipath ${m.params}]`);
      try {
        this.cookies.push(dmReloadStart(m.alias, table, {
          noflush: !m.action.startsWith("resize"),
          // a size change, a forced reload or an unfinished udev record needs udev's full rules run
          udevFlags: (m.forceUdevReload ? 0 : RELOAD_FLAG) | (noPaths ? NO_PATHS_FLAG : 0) | skipKpartx(m),
        }));
      } catch (e) {
        if (!(e instanceof DmError)) throw e;
        addmapFailed(DM_DEVICE_RELOAD, e);
        // the kernel keeps the table it had
        condlog(LOG.INFO, `${m.alias}: failed to reload map: ${e.message}`);
        condlog(LOG.NOTICE, `${m.alias}: removing map`);
        return "failed";
      }
    } else return "done";
    this.switchGroup(m);
    return "done";
  }

  private switchGroup(m: WantedMap): void {
    try {
      dmMessage(m.alias, `switch_group ${m.bestGroup}`);
    } catch (e) {
      if (!(e instanceof DmError)) throw e;
      condlog(LOG.INFO, `${m.alias}: switch_group ${m.bestGroup} failed: ${e.message}`);
    }
  }

  /** libdm removes a device whose table did not load; should one remain
   * (empty, with our uuid), it goes, as upstream's dm_flush_map_nosync. */
  private async createFailed(m: WantedMap, e: DmError): Promise<void> {
    condlog(LOG.INFO, `${m.alias}: failed to load map: ${e.message}`);
    const info = dmUuid(m.alias) === `mpath-${m.wwid}` ? dmInfo(m.alias) : null;
    if (info && !info.liveTable) {
      condlog(LOG.INFO, `${m.alias}: failed to load map (a path might be in use)`);
      await dmRemove(m.alias, { udevSync: false, retries: 3, retryDelayMs: 100 }).catch((err: unknown) => {
        condlog(LOG.ERR, `${m.alias}: could not remove the empty map: ${(err as Error).message}`);
      });
    }
    markFailedWwid(m.wwid);
    this.released.push(...this.membersOf(m));
    condlog(LOG.NOTICE, `${m.alias}: ignoring map`);
  }

  /** Wait for udev on every map changed, then send the paths' uevents. */
  async finish(): Promise<void> {
    await udevWaitAll(this.cookies.splice(0));
    triggerPathUevents(this.members.splice(0), true);
    triggerPathUevents(this.released.splice(0), false);
  }
}
