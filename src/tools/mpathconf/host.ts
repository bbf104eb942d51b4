// What mpathconf asks of the host and does to it: whether dm_multipath is
// loaded and multipathd runs; loading the module (modprobe, or finit_module
// where there is no modprobe, as in a small initramfs); starting, stopping or
// reloading the daemon through systemctl when systemd runs, and directly
// (the daemon forks itself; its socket takes shutdown and reconfigure) when
// it does not.
import { existsSync, readFileSync } from "node:fs";
import { constants, release } from "node:os";
import { join } from "node:path";
import { loadModuleFile } from "../../io/kmod.ts";
import { multipathdListening } from "../../multipath/daemonRunning.ts";
import { complain } from "./bytes.ts";

const systemd = () => existsSync("/run/systemd/system");

/** As `lsmod | grep dm_multipath`; a kernel without module support shows built-in modules in /sys/module. */
export function moduleLoaded(): boolean {
  try {
    return readFileSync("/proc/modules", "latin1").split("\n").some((l) => l.startsWith("dm_multipath "));
  } catch {
    return existsSync("/sys/module/dm_multipath");
  }
}

/** As the shell reports it: the exit code, or 128 + the signal that ended the command. */
function status(p: { exitCode: number | null; signalCode?: string | number | null }): number {
  if (p.exitCode !== null) return p.exitCode;
  const sig = p.signalCode;
  return 128 + (typeof sig === "number" ? sig : (constants.signals[sig as keyof typeof constants.signals] ?? 9));
}

/** A command's exit status, or the shell's 127 (with its complaint) when it is not installed. */
function run(cmd: string[], quiet = false): number {
  try {
    const io = quiet ? "ignore" : "inherit";
    const p = Bun.spawnSync(cmd, { stdin: "inherit", stdout: io, stderr: io });
    return status(p);
  } catch {
    if (!quiet) complain(`mpathconf: ${cmd[0]}: command not found\n`);
    return 127;
  }
}

export function daemonRunning(): boolean {
  return systemd() ? run(["systemctl", "status", "multipathd.service"], true) === 0 : multipathdListening();
}

export type ServiceAction = "start" | "stop" | "reload";

export function service(action: ServiceAction): number {
  if (systemd()) return run(["systemctl", action, "multipathd.service"]);
  if (action === "start") return run(["multipathd"]);
  // the daemon's socket; its "ok" is not shown, as systemctl shows nothing
  const cmd = ["multipathd", action === "stop" ? "shutdown" : "reconfigure"];
  try {
    const p = Bun.spawnSync(cmd, { stdin: "ignore", stdout: "pipe", stderr: "inherit" });
    if (p.exitCode !== 0) complain(p.stdout.toString("latin1"));
    return status(p);
  } catch {
    complain("mpathconf: multipathd: command not found\n");
    return 127;
  }
}

/** Load dm_multipath; says so on stderr when it cannot. */
export function loadModule(): void {
  let ok: boolean;
  try {
    ok = Bun.spawnSync(["modprobe", "dm_multipath"], { stdin: "inherit", stdout: "inherit", stderr: "inherit" }).exitCode === 0;
  } catch {
    ok = finitWithDeps("dm_multipath");
  }
  if (!ok) complain("mpathconf: could not load the dm_multipath module\n");
}

const modName = (path: string) => path.slice(path.lastIndexOf("/") + 1).replace(/\.ko(\.\w+)?$/, "").replace(/-/g, "_");

/** finit_module of the module and what modules.dep says it needs, those first. */
function finitWithDeps(name: string): boolean {
  const dir = join("/lib/modules", release());
  let dep: string;
  try {
    dep = readFileSync(join(dir, "modules.dep"), "latin1");
  } catch {
    complain(`mpathconf: cannot read ${join(dir, "modules.dep")}\n`);
    return false;
  }
  const line = dep.split("\n").find((l) => modName(l.slice(0, l.indexOf(":"))) === name);
  if (!line) {
    complain(`mpathconf: module ${name} not found in ${dir}\n`);
    return false;
  }
  const [self, rest] = [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1)];
  // modules.dep lists what a module needs with the deepest dependency last
  const order = [...rest.trim().split(/\s+/).filter(Boolean).reverse(), self];
  for (const rel of order) {
    if (existsSync(join("/sys/module", modName(rel)))) continue; // loaded or built in
    const file = rel.startsWith("/") ? rel : join(dir, rel);
    try {
      loadModuleFile(file);
    } catch (e) {
      complain(`mpathconf: ${file}: ${(e as Error).message}\n`);
      return false;
    }
  }
  return true;
}
