// multipath -a DEVICE / -w DEVICE / -W: the wwids file by hand.
import { stdout } from "../../cli/io.ts";
import { LOG, condlog } from "../../log.ts";
import { readKernelMaps } from "../../multipath/kernelMaps.ts";
import { StateFileError } from "../../state/lockedFile.ts";
import { addWwid, removeWwid, replaceWwids } from "../../state/wwids.ts";
import { refWwid } from "./createRun.ts";

type WwidsMode = "add-wwid" | "remove-wwid" | "reset-wwids";

export async function wwidsCommand(mode: WwidsMode, device: string | undefined): Promise<number> {
  try {
    return await run(mode, device);
  } catch (e) {
    if (!(e instanceof StateFileError)) throw e;
    condlog(LOG.ERR, e.message);
    return 1;
  }
}

async function run(mode: WwidsMode, device: string | undefined): Promise<number> {
  if (mode === "reset-wwids") {
    replaceWwids(readKernelMaps().map((m) => m.wwid));
    stdout("successfully reset wwids\n");
    return 0;
  }
  if (device === undefined) {
    if (mode === "remove-wwid") condlog(LOG.ERR, "the -w option requires a device");
    return 1;
  }
  const wwid = await refWwid(device);
  if (!wwid) {
    condlog(LOG.INFO, "scope is null");
    return 1;
  }
  if (mode === "remove-wwid") {
    stdout(removeWwid(wwid) ? `wwid '${wwid}' removed\n` : `wwid '${wwid}' not in wwids file\n`);
    return 0;
  }
  try {
    addWwid(wwid);
  } catch (e) {
    if (!(e instanceof StateFileError)) throw e;
    condlog(LOG.ERR, e.message);
    stdout(`failed adding '${wwid}' to wwids file\n`);
    return 1;
  }
  stdout(`wwid '${wwid}' added\n`);
  return 0;
}
