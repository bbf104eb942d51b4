import { getopt } from "../../cli/getopt.ts";
import { notImplemented, stderr } from "../../cli/io.ts";
import { LOG, condlog, setLogSink, setTimestamps, setVerbosity } from "../../log.ts";
import { MULTIPATH_OPTSTRING, multipathUsage } from "./usage.ts";

type Mode =
  | "create" | "dry-run" | "list-short" | "list-long" | "flush-one" | "flush-all" | "add-wwid" | "remove-wwid"
  | "reset-wwids" | "valid-path" | "usable-paths" | "udev-valid" | "udev-usable" | "dump-config-local" | "explain";

const MODE_BY_OPT: Record<string, Mode> = {
  f: "flush-one", F: "flush-all", a: "add-wwid", w: "remove-wwid", W: "reset-wwids", c: "valid-path",
  C: "usable-paths", u: "udev-valid", U: "udev-usable", T: "dump-config-local",
};

export async function main(argv: string[]): Promise<number> {
  const prog = "multipath";
  // --explain is ours (upstream has no long options)
  const r = getopt(argv, {
    short: MULTIPATH_OPTSTRING,
    long: { explain: { arg: "required", val: "X" }, json: { arg: "none", val: "J" } },
  });
  if (r.error) {
    stderr(r.error.kind === "missing" ? "Missing option argument\n" : "Unknown switch: (null)\n");
    stderr(multipathUsage(prog));
    return 1;
  }
  // -h and -t act where getopt meets them, before the root check; -t's
  // diagnostics follow the -v level given before it.
  let lastV: number | undefined;
  let mode: Mode = "create";
  let verbosity = 2;
  let retries = 0;
  let explain: string | undefined;
  const flags = { forceReload: false, allowQueueing: false, ignoreWwids: false, bindingsReadOnly: false, json: false, foreign: false };
  let pgpolicy: string | undefined;
  let delegate = true;
  for (const { opt, arg } of r.opts) {
    if (opt === "h") {
      stderr(multipathUsage(prog));
      return 0;
    }
    if (opt === "t") {
      const { dumpEffectiveConfig } = await import("./dumpConfig.ts");
      return dumpEffectiveConfig(lastV);
    }
    if (opt === "v") {
      if (!arg || !/^\d/.test(arg)) {
        stderr(multipathUsage(prog));
        return 1;
      }
      verbosity = Number.parseInt(arg, 10);
      lastV = verbosity;
    } else if (opt === "R") {
      retries = Number.parseInt(arg ?? "", 10);
      if (!Number.isFinite(retries) || retries < 0) retries = 0;
    } else if (opt === "D") delegate = false;
    else if (opt === "r") flags.forceReload = true;
    else if (opt === "J") flags.json = true;
    else if (opt === "e") flags.foreign = true;
    else if (opt === "q") flags.allowQueueing = true;
    else if (opt === "i") flags.ignoreWwids = true;
    else if (opt === "B") flags.bindingsReadOnly = true;
    else if (opt === "b") stderr("multipath: -b is deprecated and ignored; the bindings file is /etc/multipath/bindings\n");
    else if (opt === "p") {
      if (!PGPOLICIES.includes(arg ?? "")) {
        stderr(`'${arg}' is not a valid policy\n`);
        stderr(multipathUsage(prog));
        return 1;
      }
      pgpolicy = arg;
    }
    else if (opt === "X") {
      explain = arg;
      mode = "explain";
    }
    else if (opt === "l") mode = arg?.startsWith("l") ? "list-long" : "list-short";
    else if (opt === "d") {
      if (mode === "create") mode = "dry-run";
    } else if (MODE_BY_OPT[opt]) mode = MODE_BY_OPT[opt];
  }
  setVerbosity(verbosity);
  if (process.getuid?.() !== 0) {
    stderr("need to be root\n");
    return 1;
  }
  if (mode.startsWith("udev-")) {
    // udev runs these: log to syslog as "multipath", up to verbosity + 3
    const { openSyslog, syslog } = await import("../../../ffi/syslog.ts");
    openSyslog("multipath");
    setLogSink((level, msg) => syslog(level + 3, msg));
  } else {
    const { monotonicNs } = await import("../../../ffi/libc.ts");
    setTimestamps(true, monotonicNs);
  }
  const device = r.operands[0];
  try {
    return await dispatch(mode, {
      verbosity, retries, delegate, lastV, ...flags, ...(device === undefined ? {} : { device }),
      ...(explain === undefined ? {} : { explain }), ...(pgpolicy === undefined ? {} : { pgpolicy }),
    });
  } catch (e) {
    const { DmError } = await import("../../io/dmTask.ts");
    if (!(e instanceof DmError)) throw e;
    condlog(LOG.ERR, e.message);
    return 1;
  }
}

// The udev modes answer without the kernel's dm (they then find no maps).
const NEEDS_DM = new Set<Mode>([
  "create", "dry-run", "add-wwid", "remove-wwid", "reset-wwids", "list-short", "list-long", "flush-one", "flush-all", "dump-config-local", "usable-paths",
]);

type RunOpts = {
  verbosity: number; retries: number; delegate: boolean; lastV?: number; device?: string; explain?: string; pgpolicy?: string;
  forceReload: boolean; allowQueueing: boolean; ignoreWwids: boolean; bindingsReadOnly: boolean; json: boolean;
  /** -e: enable the foreign libraries (list modes only, as upstream) */
  foreign: boolean;
};

const PGPOLICIES = ["failover", "multibus", "group_by_serial", "group_by_prio", "group_by_node_name", "group_by_tpg"];

async function dispatch(mode: Mode, o: RunOpts): Promise<number> {
  const { verbosity, retries, delegate, lastV, device, explain } = o;
  if (NEEDS_DM.has(mode) && !(await kernelDmAvailable())) {
    condlog(LOG.ERR, "cannot get kernel dm version");
    return 1;
  }
  switch (mode) {
    case "list-short":
    case "list-long": {
      const { listMaps } = await import("./list.ts");
      return listMaps({ long: mode === "list-long", verbosity, json: o.json, foreign: o.foreign, ...(device === undefined ? {} : { device }) });
    }
    case "flush-one":
    case "flush-all": {
      const { flushCommand } = await import("./flush.ts");
      return flushCommand({ all: mode === "flush-all", retries, delegate, ...(device === undefined ? {} : { device }) });
    }
    case "dump-config-local": {
      const { dumpEffectiveConfig } = await import("./dumpConfig.ts");
      return dumpEffectiveConfig(lastV, true);
    }
    case "create":
    case "dry-run": {
      const { createRun } = await import("./createRun.ts");
      return createRun(o, mode === "dry-run");
    }
    case "explain": {
      const { explainCommand } = await import("./explain.ts");
      return explainCommand(explain!);
    }
    case "add-wwid":
    case "remove-wwid":
    case "reset-wwids": {
      const { wwidsCommand } = await import("./wwidsCmd.ts");
      return wwidsCommand(mode, device);
    }
    case "valid-path":
    case "udev-valid": {
      const { validPathCommand } = await import("./valid.ts");
      return validPathCommand(mode === "udev-valid", device, o.ignoreWwids);
    }
    case "usable-paths":
    case "udev-usable": {
      const { usablePathsCommand } = await import("./usable.ts");
      return usablePathsCommand(mode === "udev-usable", device);
    }
    default:
      return notImplemented("multipath", `mode ${mode}`);
  }
}

/** The kernel's device-mapper answers (libdm reports why when it does not). */
async function kernelDmAvailable(): Promise<boolean> {
  const { dmDriverVersion } = await import("../../io/devmapper.ts");
  try {
    dmDriverVersion();
    return true;
  } catch {
    return false;
  }
}
