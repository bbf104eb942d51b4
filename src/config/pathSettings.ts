// Per-path property selection (propsel.c select_* for struct path), pure:
// the facts a discovery layer found about the path go in, values with
// their origins come out.
import { findDeviceEntries } from "./hwMatch.ts";
import { ORIGIN, type Selected } from "./origins.ts";
import type { Config, MultipathEntry } from "./schema.ts";
import { PATH_CHAIN, PROTOCOL_CHAIN, type SelectionContext, selectFrom } from "./selectChain.ts";

export type Tpgs = "none" | "implicit" | "explicit" | "both" | "undef";

/** What discovery knows about one path device. */
export type PathFacts = {
  dev: string;
  bus?: "scsi" | "nvme" | "ccw" | "cciss" | "undef";
  /** bus protocol as upstream names it: "scsi:fcp", "nvme:tcp", ... */
  protocol?: string;
  vendor?: string;
  product?: string;
  revision?: string;
  wwid?: string;
  /** ALUA target port group support */
  tpgs?: Tpgs;
  /** sysfs exposes access_state for the path (the sysfs prioritizer works) */
  hasAccessState?: boolean;
  /** VPD page 0xC9 identifies an RDAC array */
  rdac?: boolean;
  /** the NVMe controller reports ANA support */
  nvmeAna?: boolean;
  /** SCSI command timeout from sysfs (device/timeout), seconds */
  sysfsTimeout?: number;
  /** udev property names, for the property blacklist */
  udevProperties?: readonly string[];
  /** the WWID source supports rechecking (recheck_wwid) */
  canRecheckWwid?: boolean;
};

export type PathSettings = {
  uid_attribute: Selected<string | undefined>;
  recheck_wwid: Selected<"yes" | "no">;
  detect_prio: Selected<"yes" | "no">;
  detect_checker: Selected<"yes" | "no">;
  checker_timeout: Selected<number>;
  path_checker: Selected<string>;
  prio: Selected<string>;
  prio_args: Selected<string>;
  fast_io_fail_tmo: Selected<"off" | number>;
  dev_loss_tmo: Selected<"infinity" | number | undefined>;
  eh_deadline: Selected<"off" | number | undefined>;
  find_multipaths_timeout: Selected<number>;
  vpd_vendor: Selected<string | undefined>;
};

/** checker_timeout when nothing sets it (DEF_TIMEOUT) */
const DEFAULT_CHECKER_TIMEOUT = 30;

function uidFromAttrs(config: Config, dev: string): string | undefined {
  for (const rec of config.defaults.uid_attrs ?? []) {
    const colon = rec.lastIndexOf(":");
    if (colon < 0) continue;
    if (dev.startsWith(rec.slice(0, colon))) return rec.slice(colon + 1);
  }
  return undefined;
}

/** detect_prio(): the prioritizer the hardware implies, if any */
function detectedPrio(f: PathFacts): string | undefined {
  if (f.bus === "nvme") return f.nvmeAna ? "ana" : undefined;
  if (f.bus !== "scsi") return undefined;
  const tpgs = f.tpgs ?? "none";
  if (tpgs === "none") return undefined;
  if ((tpgs === "explicit" || !f.rdac) && f.hasAccessState) return "sysfs";
  return "alua";
}

function selectPrio(ctx: SelectionContext, f: PathFacts, detect: "yes" | "no", mpe?: MultipathEntry): { prio: Selected<string>; args: Selected<string> } {
  const both = (name: string, args: string | undefined, origin: string) => ({
    prio: { value: name, origin },
    args: { value: args ?? "", origin },
  });
  let r: { prio: Selected<string>; args: Selected<string> } | undefined;
  const auto = detect === "yes" ? detectedPrio(f) : undefined;
  if (auto) r = both(auto, "", ORIGIN.autodetected);
  else if (mpe?.prio !== undefined) r = both(mpe.prio, mpe.prio_args, ORIGIN.multipaths);
  else if (ctx.config.overrides?.prio !== undefined)
    r = both(ctx.config.overrides.prio, ctx.config.overrides.prio_args, ORIGIN.overrides);
  else {
    // device entries: name and arguments are taken independently, first set wins
    const name = ctx.hwes.find((h) => h.prio !== undefined)?.prio;
    const args = ctx.hwes.find((h) => h.prio_args !== undefined)?.prio_args;
    if (name !== undefined) r = both(name, args, ORIGIN.device);
    else if (ctx.config.defaults.prio !== undefined)
      r = both(ctx.config.defaults.prio, ctx.config.defaults.prio_args, ORIGIN.defaults);
    else r = both("const", "", ORIGIN.internal);
  }
  if (r.prio.value === "alua" && f.tpgs === "none") r = both("const", "", ORIGIN.aluaFailed);
  return r;
}

export function selectPathSettings(config: Config, f: PathFacts): PathSettings {
  const hwes = findDeviceEntries(config, f);
  const mpe = f.wwid === undefined ? undefined : config.multipaths.find((m) => m.wwid === f.wwid);
  const ctx: SelectionContext = { config, hwes };
  if (mpe) ctx.mpe = mpe;
  if (f.protocol !== undefined) ctx.protocol = f.protocol;

  const fromAttrs = uidFromAttrs(config, f.dev);
  const uid_attribute: Selected<string | undefined> =
    fromAttrs !== undefined
      ? { value: fromAttrs, origin: ORIGIN.uidAttrs }
      : selectFrom<string | undefined>(ctx, "uid_attribute", PATH_CHAIN, "ID_SERIAL");

  let recheck_wwid = selectFrom<"yes" | "no">(ctx, "recheck_wwid", PATH_CHAIN, "no");
  if (recheck_wwid.value === "yes" && !f.canRecheckWwid) recheck_wwid = { value: "no", origin: ORIGIN.recheckUnsupported };

  const detect_prio = selectFrom<"yes" | "no">(ctx, "detect_prio", PATH_CHAIN, "yes");
  const detect_checker = selectFrom<"yes" | "no">(ctx, "detect_checker", PATH_CHAIN, "yes");

  let checker_timeout = selectFrom<number>(ctx, "checker_timeout", ["defaults"], DEFAULT_CHECKER_TIMEOUT);
  if (checker_timeout.origin === ORIGIN.internal && f.sysfsTimeout !== undefined && f.sysfsTimeout > 0)
    checker_timeout = { value: f.sysfsTimeout, origin: ORIGIN.kernelSysfs };

  let path_checker: Selected<string> | undefined;
  if (detect_checker.value === "yes") {
    if (f.rdac) path_checker = { value: "rdac", origin: ORIGIN.autodetected };
    else if (f.tpgs !== undefined && f.tpgs !== "none" && f.tpgs !== "undef")
      path_checker = { value: "tur", origin: ORIGIN.autodetected };
  }
  path_checker ??= selectFrom<string>(ctx, "path_checker", PATH_CHAIN, "tur");

  const { prio, args } = selectPrio(ctx, f, detect_prio.value, mpe);

  let find_multipaths_timeout = selectFrom<number>(ctx, "find_multipaths_timeout", ["defaults"], -10);
  if (find_multipaths_timeout.value < 0) {
    find_multipaths_timeout =
      hwes.length === 0
        ? { value: 1, origin: ORIGIN.unknownHardware }
        : { value: -find_multipaths_timeout.value, origin: find_multipaths_timeout.origin };
  }

  return {
    uid_attribute,
    recheck_wwid,
    detect_prio,
    detect_checker,
    checker_timeout,
    path_checker,
    prio,
    prio_args: args,
    fast_io_fail_tmo: selectFrom<"off" | number>(ctx, "fast_io_fail_tmo", PROTOCOL_CHAIN, 5),
    dev_loss_tmo: selectFrom<"infinity" | number | undefined>(ctx, "dev_loss_tmo", PROTOCOL_CHAIN, undefined),
    eh_deadline: selectFrom<"off" | number | undefined>(ctx, "eh_deadline", PROTOCOL_CHAIN, undefined),
    find_multipaths_timeout,
    vpd_vendor: selectFrom<string | undefined>(ctx, "vpd_vendor", ["device"], undefined),
  };
}
