// multipath -c DEVICE / -u [DEVICE]: the udev helper's answer on stdout,
// DM_MULTIPATH_DEVICE_PATH="0|1|2" (and FIND_MULTIPATHS_WAIT_UNTIL in smart
// mode). -u always exits 0 so that udev imports the answer.
import { readFileSync, readdirSync } from "node:fs";
import { basename } from "node:path";
import { stdout } from "../../cli/io.ts";
import { LOG, condlog } from "../../log.ts";
import { multipathdListening } from "../../multipath/daemonRunning.ts";

/** A multipath map with this WWID exists (read from sysfs: no libdevmapper on this path). */
function mapExistsFor(wwid: string): boolean {
  try {
    for (const d of readdirSync("/sys/block")) {
      if (!d.startsWith("dm-")) continue;
      try {
        if (readFileSync(`/sys/block/${d}/dm/uuid`, "utf8").trim() === `mpath-${wwid}`) return true;
      } catch {
        /* gone meanwhile */
      }
    }
  } catch {
    /* no sysfs */
  }
  return false;
}

export async function validPathCommand(fromUevent: boolean, device: string | undefined, ignoreWwids: boolean): Promise<number> {
  // -c wants a device node: a bare name is taken as a map (upstream's
  // get_dev_type), a maj:min finds no device; -u takes udev's kernel name.
  if (!device || (!fromUevent && !device.includes("/") && !/^\d+:\d+/.test(device))) {
    condlog(LOG.ERR, "the -c option requires a path to check");
    return 1;
  }
  if (!fromUevent && /^\d+:\d+/.test(device)) return 1;
  if (!fromUevent) {
    // a path that is no block node (e.g. a vanished /dev entry) is no argument at all
    const { classifyDevice } = await import("../../multipath/deviceArg.ts");
    if (classifyDevice(device, undefined).kind === "invalid") {
      condlog(LOG.ERR, `'${device}' is not a valid argument\n`);
      return 1;
    }
  }
  // The config engine (zod, the hardware table) is the costly import: it
  // loads only once the holder and daemon checks leave the answer open.
  const v = await import("../../multipath/pathValid.ts");
  const { pathFacts, blockDisks } = await import("../../discovery/pathFacts.ts");
  let cfg: { config: import("../../config/index.ts").Config; mod: typeof import("../../config/index.ts") } | undefined;
  const { settingsFacts } = await import("../../multipath/settingsFacts.ts");
  const { wwidOf } = await import("../../discovery/wwid.ts");
  const configMod = async () => {
    if (!cfg) {
      const mod = await import("../../config/index.ts");
      cfg = { config: mod.loadConfig().config, mod };
    }
    return cfg;
  };
  const dev = basename(device);
  const r = await v.isPathValid(dev, {
    config: async () => (await configMod()).config, ignoreWwids, mapExistsFor,
    ...(fromUevent ? { env: process.env, daemonRunning: multipathdListening } : {}),
  });
  if (r.validity === "error") return 1;
  let k = r.validity;
  if ((k === "valid" || k === "maybe") && process.env.DM_MULTIPATH_DEVICE_PATH === "0") k = "not-valid";
  if (k === "valid-no-check") k = "valid";
  let waitLine = "";
  if (k === "maybe") {
    if (!v.openExclusive(dev)) {
      condlog(LOG.INFO, `check_path_valid: path ${dev} is in use`);
      k = v.holderMapWwid(dev) !== undefined ? "valid" : "not-valid";
    } else {
      const { mod, config } = await configMod();
      const same = blockDisks().filter((d) => {
        const f = pathFacts(d.devt);
        if (!f) return false;
        const uid = mod.selectPathSettings(config, settingsFacts(f)).uid_attribute.value;
        return wwidOf(f, uid, f.udev, () => {}) === r.wwid;
      });
      if (same.length > 1) k = "valid";
      else {
        const f = pathFacts(same[0]?.devt ?? "");
        const timeout = f ? mod.selectPathSettings(config, settingsFacts(f, r.wwid)).find_multipaths_timeout.value : 1;
        const wait = v.findMultipathsWait(f?.devt ?? dev, Math.abs(timeout));
        if (wait.state === "waiting") {
          const s = Math.floor(wait.untilMs / 1000);
          const us = Math.round((wait.untilMs - s * 1000) * 1000);
          waitLine = `FIND_MULTIPATHS_WAIT_UNTIL="${s}.${String(us).padStart(6, "0")}"\n`;
        } else k = "not-valid";
      }
    }
  }
  stdout(`${waitLine}DM_MULTIPATH_DEVICE_PATH="${k === "maybe" ? 2 : k === "valid" ? 1 : 0}"\n`);
  return !fromUevent && k === "not-valid" ? 1 : 0;
}
