// VM probe: drive device-mapper through our bindings and print JSON, so the
// scenario can compare with dmsetup. Usage: bun dm.ts OP [ARGS...]
import { existsSync } from "node:fs";
import {
  dmCreate, dmDriverVersion, dmInfo, dmLibraryVersion, dmList, dmMessage, dmReload, dmRemove, dmResume, dmStatus,
  dmSuspend, dmTable, dmTargetVersions, dmUuid,
} from "../../../src/io/devmapper.ts";

const [op, ...args] = process.argv.slice(2);
const print = (v: unknown) => process.stdout.write(JSON.stringify(v) + "\n");
const tableOf = (size: number, params: string) => [{ start: 0, length: size, type: "multipath", params }];

switch (op) {
  case "list":
    print(dmList());
    break;
  case "targets":
    print(dmTargetVersions());
    break;
  case "versions":
    print({ driver: dmDriverVersion(), library: dmLibraryVersion() });
    break;
  case "create": {
    // create NAME UUID SIZE PARAMS [TIMEOUT_MS]
    const [name, uuid, size, params, timeout] = args as [string, string, string, string, string?];
    const w = await dmCreate(name, tableOf(Number(size), params), {
      uuid, udevTimeoutMs: timeout ? Number(timeout) : undefined,
    });
    print({ ...w, nodeExists: existsSync(`/dev/mapper/${name}`), info: dmInfo(name), uuid: dmUuid(name) });
    break;
  }
  case "reload": {
    const [name, size, params] = args as [string, string, string];
    print(await dmReload(name, tableOf(Number(size), params)));
    break;
  }
  case "create-ro": {
    const [name, uuid, size, params] = args as [string, string, string, string];
    await dmCreate(name, tableOf(Number(size), params), { uuid, readOnly: true });
    print(dmInfo(name));
    break;
  }
  case "suspend-resume": {
    // suspend with noflush, report, resume
    dmSuspend(args[0]!, { noflush: true });
    const suspended = dmInfo(args[0]!)?.suspended;
    await dmResume(args[0]!, { noflush: true });
    print({ suspended, after: dmInfo(args[0]!)?.suspended });
    break;
  }
  case "remove-deferred": {
    const r = await dmRemove(args[0]!, { deferred: true });
    print({ ...r, info: dmInfo(args[0]!) });
    break;
  }
  case "table":
    print(dmTable(args[0]!));
    break;
  case "status":
    print(dmStatus(args[0]!));
    break;
  case "info":
    print(dmInfo(args[0]!));
    break;
  case "message":
    print({ response: dmMessage(args[0]!, args.slice(1).join(" ")) });
    break;
  case "remove": {
    const r = await dmRemove(args[0]!, { retries: 20, retryDelayMs: 250 });
    print({ ...r, nodeExists: existsSync(`/dev/mapper/${args[0]}`), info: dmInfo(args[0]!) });
    break;
  }
  case "error": {
    // A failing operation must throw with libdm's message, not crash.
    try {
      await dmCreate(args[0]!, [{ start: 0, length: 8, type: "no-such-target", params: "" }]);
      print({ threw: false });
    } catch (e) {
      print({ threw: true, name: (e as Error).name, message: (e as Error).message });
    }
    break;
  }
  default:
    process.stderr.write(`unknown op ${op}\n`);
    process.exit(2);
}
