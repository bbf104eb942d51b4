// What mpathconf asks of the host: is dm_multipath loaded, is multipathd
// running; and loading the module and starting, stopping or reloading the
// daemon, through systemd when it runs and directly when it does not.
import { existsSync, readFileSync } from "node:fs";
import { stdout } from "../../cli/io.ts";
import { multipathdListening } from "../../multipath/daemonRunning.ts";

const systemd = () => existsSync("/run/systemd/system");

function moduleLoaded(): boolean {
  try {
    return readFileSync("/proc/modules", "utf8").split("\n").some((l) => l.startsWith("dm_multipath "));
  } catch {
    return existsSync("/sys/module/dm_multipath");
  }
}

function daemonRunning(): boolean {
  if (systemd()) return Bun.spawnSync(["systemctl", "status", "multipathd.service"], { stdout: "ignore", stderr: "ignore" }).exitCode === 0;
  return multipathdListening();
}

export const hostState = () => ({ moduleLoaded: moduleLoaded(), daemonRunning: daemonRunning() });

function run(cmd: string[]): number {
  const p = Bun.spawnSync(cmd, { stdout: "inherit", stderr: "inherit" });
  return p.exitCode ?? 1;
}

export type Actions = { enable: boolean; disable: boolean; changed: boolean; withModule: boolean; withMultipathd: boolean };

export function serviceActions(a: Actions): number {
  const running = daemonRunning();
  if (a.enable) {
    if (a.withModule && !moduleLoaded()) {
      if (run(["modprobe", "dm_multipath"]) !== 0) stdout("could not load the dm_multipath module\n");
    }
    if (a.withMultipathd && !running) {
      return systemd() ? run(["systemctl", "start", "multipathd.service"]) : run(["multipathd"]);
    }
    return 0;
  }
  if (a.disable) {
    if (a.withMultipathd && running) return systemd() ? run(["systemctl", "stop", "multipathd.service"]) : run(["multipathd", "shutdown"]);
    return 0;
  }
  if (a.changed && running && a.withMultipathd) {
    return systemd() ? run(["systemctl", "reload", "multipathd.service"]) : run(["multipathd", "reconfigure"]);
  }
  return 0;
}
