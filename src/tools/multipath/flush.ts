// multipath -f MAP / -F: hand the removal to a running multipathd ("del map",
// "del maps") when one answers, else remove the maps here.
import { stdout } from "../../cli/io.ts";
import { dmNameByDevt } from "../../io/devmapper.ts";
import { IpcError, connect } from "../../ipc/client.ts";
import { LOG, condlog } from "../../log.ts";
import { blockMajor, classifyDevice } from "../../multipath/deviceArg.ts";
import { flushAll, flushMap, isMultipathMap } from "../../multipath/flush.ts";
import { readFileSync } from "node:fs";

type Delegation = "ok" | "error" | "retry" | "not-delegated";

async function delegate(command: string, retrying: boolean): Promise<Delegation> {
  let conn;
  try {
    conn = await connect();
  } catch {
    return "not-delegated";
  }
  try {
    condlog(LOG.INFO, "delegating command to multipathd");
    const reply = await conn.send(command);
    if (!reply) return retrying ? "retry" : "error";
    if (!reply.startsWith("fail\n")) {
      if (reply !== "ok\n") stdout(reply);
      return "ok";
    }
    if (reply === "fail\ntimeout\n") return "not-delegated";
    if (retrying) return "retry";
    stdout(reply.length > 5 ? reply.slice(5) : reply);
    return "error";
  } catch (e) {
    if (e instanceof IpcError && e.kind === "timeout") return "not-delegated";
    condlog(LOG.WARN, `error in multipath command ${command}: ${(e as Error).message}`);
    return "error";
  } finally {
    conn.close();
  }
}

/** Resolve -f's argument to a map name: names and WWIDs pass through, a
 * /dev/dm-N or /dev/mapper node is looked up; paths are refused (null). */
function mapName(device: string): string | null {
  let procDevices = "";
  try {
    procDevices = readFileSync("/proc/devices", "utf8");
  } catch {
    /* without /proc only names work */
  }
  const arg = classifyDevice(device, blockMajor("device-mapper", procDevices));
  if (arg.kind === "devmap") return arg.name;
  if (arg.kind === "devmapDevt") return dmNameByDevt(arg.major, arg.minor);
  return null;
}

export async function flushCommand(opts: { all: boolean; device?: string; retries: number; delegate: boolean }): Promise<number> {
  let name: string | null = null;
  if (!opts.all) {
    name = opts.device === undefined ? null : mapName(opts.device);
    if (name === null) {
      condlog(LOG.ERR, "the -f option requires a map name to remove");
      return 1;
    }
  }
  let retries = opts.retries;
  if (opts.delegate) {
    const command = opts.all ? "del maps" : `del map ${name}`;
    for (;;) {
      const retrying = retries > 0;
      if (retrying) retries--;
      const d = await delegate(command, retrying);
      if (d === "ok") return 0;
      if (d === "error") return 1;
      if (d === "not-delegated") break;
      await Bun.sleep(1000);
    }
  }
  if (opts.all) return (await flushAll({ retries })) === "ok" ? 0 : 1;
  if (!isMultipathMap(name!)) {
    condlog(LOG.ERR, `${name} is not a multipath device`);
    return 1;
  }
  return (await flushMap(name!, { retries })) === "ok" ? 0 : 1;
}
