// multipath -C DEVICE / -U (device from the udev environment).
import { readFileSync } from "node:fs";
import { LOG, condlog } from "../../log.ts";
import { blockMajor, classifyDevice } from "../../multipath/deviceArg.ts";
import { type UsableTarget, checkUsablePaths } from "../../multipath/usablePaths.ts";

function dmMajor(): number | undefined {
  try {
    return blockMajor("device-mapper", readFileSync("/proc/devices", "utf8"));
  } catch {
    return undefined;
  }
}

export function usablePathsCommand(fromUevent: boolean, device: string | undefined): number {
  const major = dmMajor();
  if (fromUevent) return checkUsablePaths({ kind: "env" }, device ?? "(null)", major);
  // Upstream looks up no device and fails silently.
  if (device === undefined) return 1;
  const arg = classifyDevice(device, major);
  let target: UsableTarget;
  switch (arg.kind) {
    case "invalid":
      condlog(LOG.ERR, `'${device}' is not a valid argument\n`);
      return 1;
    case "devt":
      target = { kind: "devt", devt: `${arg.major}:${arg.minor}` };
      break;
    case "devnode":
      target = { kind: "sysname", name: device, devtype: 2 };
      break;
    case "devmap":
    case "devmapDevt":
      target = { kind: "sysname", name: device, devtype: 3 };
      break;
  }
  return checkUsablePaths(target, device, major);
}
