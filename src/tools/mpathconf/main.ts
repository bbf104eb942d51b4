// mpathconf: Red Hat's tool to create and edit /etc/multipath.conf and turn
// multipathing on. The run is decided by src/mpathconf/plan.ts; this shell
// reads the host, writes the file (checked, atomically) and drives the
// module and the daemon.
import { readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { CONFIG_FILE, plan } from "../../mpathconf/plan.ts";
import { argBytes, say } from "./bytes.ts";

/** The script's $0: the path the shell ran it by (found on PATH when called by name). */
function self(): string {
  const a0 = process.argv0;
  if (basename(a0) !== "mpathconf") return "mpathconf"; // run as `mpathbox mpathconf`
  if (a0.includes("/")) return a0;
  for (const dir of (process.env.PATH ?? "").split(":")) {
    try {
      if (statSync(join(dir || ".", a0)).isFile()) return dir ? join(dir, a0) : a0;
    } catch {
      // not in this directory
    }
  }
  return a0;
}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

function readConfig(): string | null {
  try {
    return statSync(CONFIG_FILE).isFile() ? readFileSync(CONFIG_FILE, "latin1") : null;
  } catch {
    return null;
  }
}

export async function main(argv: string[]): Promise<number> {
  const host = await import("./host.ts");
  const { resolveAllow } = await import("./allow.ts");
  const p = plan(argv.map(argBytes), argBytes(self()), {
    multipathDir: isDir("/etc/multipath"),
    config: readConfig(),
    moduleLoaded: host.moduleLoaded,
    daemonRunning: host.daemonRunning,
    resolveAllow,
  });
  say(p.stdout);
  if (p.exit !== undefined) return p.exit;
  if (p.write) {
    const { install } = await import("./install.ts");
    const rc = await install(p.write.path, p.write.before, p.write.text);
    if (rc !== 0) return rc;
  }
  if (p.loadModule) host.loadModule();
  return p.service ? host.service(p.service) : 0;
}
