// mpathbox entry point: become the tool named by argv[0] (busybox style) or
// by the first argument. Keep this file's imports tiny; see registry.ts.
import { basename } from "node:path";
import { stderr, stdout } from "./cli/io.ts";
import { HELPERS, TOOLS, isTool, loadTool } from "./tools/registry.ts";
import { MPATHBOX_VERSION, UPSTREAM_VERSION } from "./version.ts";


function usage(): string {
  return [
    `mpathbox ${MPATHBOX_VERSION}: Linux DM Multipath userspace in one executable (multipath-tools ${UPSTREAM_VERSION})`,
    "",
    "usage: mpathbox TOOL [ARGS...]    run TOOL (or invoke through a symlink named TOOL)",
    "       mpathbox --install DIR [--force]  create the tool symlinks in DIR",
    "       mpathbox --list           print the tool names",
    "       mpathbox --version        print the version",
    "",
    `tools: ${TOOLS.join(" ")}`,
    `udev helpers: ${HELPERS.join(" ")} (link it into udev's program directory)`,
    "",
  ].join("\n");
}

async function install(args: string[]): Promise<number> {
  const { installLinks } = await import("./install.ts");
  const force = args.includes("--force");
  const dirs = args.filter((a) => a !== "--force");
  if (dirs.length !== 1) {
    stderr("mpathbox: --install needs exactly one directory\n");
    return 1;
  }
  return installLinks(dirs[0]!, process.execPath, force);
}

async function runAs(name: string, argv: string[]): Promise<number> {
  if (!isTool(name)) {
    stderr(`mpathbox: unknown tool '${name}'; the tools are: ${TOOLS.join(", ")}\n`);
    return 1;
  }
  const main = await loadTool(name);
  return main(argv);
}

async function dispatch(): Promise<number> {
  // Compiled: argv0 is the invoked name, user args start at argv[2].
  // `bun src/main.ts`: argv0 is "bun" and the first arg picks the tool.
  const invoked = basename(process.argv0);
  const args = process.argv.slice(2);
  if (isTool(invoked)) return runAs(invoked, args);
  const [first, ...rest] = args;
  switch (first) {
    case undefined:
    case "-h":
    case "--help":
      (first === undefined ? stderr : stdout)(usage());
      return first === undefined ? 1 : 0;
    case "--list":
      stdout(TOOLS.join("\n") + "\n");
      return 0;
    case "--version":
      stdout(`mpathbox ${MPATHBOX_VERSION} (multipath-tools ${UPSTREAM_VERSION})\n`);
      return 0;
    case "--install":
      return install(rest);
    default:
      return runAs(first, rest);
  }
}

process.exitCode = await dispatch().catch((e: unknown) => {
  stderr(`mpathbox: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return 1;
});
