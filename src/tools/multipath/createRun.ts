// The create modes' command-line side: delegation of -r to a running
// multipathd, the device argument as a WWID, then createCommand.
import { readFileSync } from "node:fs";
import { stdout } from "../../cli/io.ts";
import { sendCommand } from "../../ipc/client.ts";
import { LOG, condlog } from "../../log.ts";
import { blockMajor, classifyDevice } from "../../multipath/deviceArg.ts";
import type { PgPolicy } from "../../policy/pathGroups.ts";

type Opts = {
  verbosity: number; delegate: boolean; device?: string; pgpolicy?: string; forceReload: boolean; allowQueueing: boolean;
  ignoreWwids: boolean; bindingsReadOnly: boolean;
};

/** get_refwwid for a name no map has (yet): a binding in the bindings
 * file, else an alias given in multipath.conf, else the name is a WWID. */
async function unmappedNameWwid(name: string): Promise<string> {
  const { userFriendlyWwid } = await import("../../state/bindings.ts");
  const bound = userFriendlyWwid(name);
  if (bound !== undefined) return bound;
  const { loadConfig } = await import("../../config/index.ts");
  return loadConfig().config.multipaths.find((e) => e.alias === name)?.wwid ?? name;
}

/** The WWID a device argument stands for (map name or node, path node or devt, or a WWID). */
export async function refWwid(device: string): Promise<string | null> {
  let procDevices = "";
  try {
    procDevices = readFileSync("/proc/devices", "utf8");
  } catch {
    /* names only */
  }
  const arg = classifyDevice(device, blockMajor("device-mapper", procDevices));
  const { readKernelMaps } = await import("../../multipath/kernelMaps.ts");
  switch (arg.kind) {
    case "devmap": {
      const m = readKernelMaps().find((x) => x.name === arg.name);
      return m ? m.wwid : await unmappedNameWwid(arg.name);
    }
    case "devmapDevt": {
      const m = readKernelMaps().find((x) => x.info.major === arg.major && x.info.minor === arg.minor);
      return m?.wwid ?? null;
    }
    case "devnode":
    case "devt": {
      const { loadConfig } = await import("../../config/index.ts");
      const { wwidOfDevice } = await import("../../multipath/pathvec.ts");
      return wwidOfDevice(loadConfig().config, `${arg.major}:${arg.minor}`) ?? null;
    }
    case "invalid":
      return null;
  }
}

export async function createRun(o: Opts, dryRun: boolean): Promise<number> {
  if (!dryRun && o.forceReload && o.delegate) {
    try {
      const reply = await sendCommand("reconfigure all");
      if (reply === "ok\n") return 0;
      if (!reply.startsWith("fail\n")) stdout(reply);
      else if (reply !== "fail\ntimeout\n") {
        stdout(reply.length > 5 ? reply.slice(5) : reply);
        return 1;
      }
    } catch {
      /* no daemon: do it here */
    }
  }
  let ref: string | undefined;
  if (o.device !== undefined) {
    const w = await refWwid(o.device);
    if (w === null) {
      condlog(LOG.ERR, `'${o.device}' is not a valid argument\n`);
      return 1;
    }
    ref = w;
  }
  const { createCommand } = await import("./create.ts");
  return createCommand({
    verbosity: o.verbosity, dryRun, forceReload: o.forceReload, allowQueueing: o.allowQueueing, ignoreWwids: o.ignoreWwids,
    bindingsReadOnly: o.bindingsReadOnly, ...(ref ? { refWwid: ref } : {}), ...(o.pgpolicy ? { pgpolicy: o.pgpolicy as PgPolicy } : {}),
  });
}
