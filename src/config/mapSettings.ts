// Per-map property selection (propsel.c select_* for struct multipath).
// Inputs are the map's WWID, its paths' facts and selected prioritizers,
// and the device entries of its paths; outputs carry origins.
import { type QueueMode, reconcileFeatures, reconcileQueueMode } from "./features.ts";
import { ORIGIN, type Selected } from "./origins.ts";
import type { PgPolicy } from "./keywords.ts";
import type { Config, DeviceEntry } from "./schema.ts";
import { MAP_CHAIN, PATH_CHAIN, type SelectionContext, selectFrom } from "./selectChain.ts";
import type { Tpgs } from "./pathSettings.ts";

type YesNo = "yes" | "no";
type NoOrInt = "no" | number;

export type MapPathInput = {
  /** the prioritizer selected for the path (selectPathSettings().prio.value) */
  prio?: string;
  tpgs?: Tpgs;
  /** attached scsi_dh handler ("alua", "emc", "detached", ...) */
  dhState?: string;
};

export type MapInput = {
  wwid: string;
  /** device entries matching the map's paths, newest first */
  hwes: readonly DeviceEntry[];
  paths: readonly MapPathInput[];
  /** `multipath -p policy` */
  pgpolicyFlag?: PgPolicy;
  /** the running kernel, for retain_attached_hw_handler (>= 4.3 always retains) */
  kernel?: readonly [number, number];
  /** dm-multipath target older than 1.1.0 (bio based): rr_min_io applies instead of rr_min_io_rq */
  bioBased?: boolean;
  /** queue mode of the map's current table, if loaded */
  queueMode?: QueueMode;
};

export type MapSettings = {
  detect_pgpolicy: Selected<YesNo>;
  detect_pgpolicy_use_tpg: Selected<YesNo>;
  path_grouping_policy: Selected<PgPolicy>;
  path_selector: Selected<string>;
  features: Selected<string>;
  queue_mode: QueueMode;
  retain_attached_hw_handler: Selected<YesNo>;
  hardware_handler: Selected<string>;
  no_path_retry: Selected<"fail" | "queue" | number | undefined>;
  rr_weight: Selected<"uniform" | "priorities">;
  failback: Selected<"manual" | "immediate" | "followover" | number>;
  /** the minimum I/O count in effect: rr_min_io_rq, or rr_min_io on bio-based targets */
  rr_min_io_rq: Selected<number>;
  flush_on_last_del: Selected<"never" | "always" | "unused">;
  user_friendly_names: Selected<YesNo>;
  alias_prefix: Selected<string>;
  alias: Selected<string | undefined>;
  mode: Selected<number | undefined>;
  uid: Selected<number | undefined>;
  gid: Selected<number | undefined>;
  reservation_key: Selected<unknown>;
  deferred_remove: Selected<YesNo>;
  skip_kpartx: Selected<YesNo>;
  purge_disconnected: Selected<YesNo>;
  max_sectors_kb: Selected<number | undefined>;
  ghost_delay: Selected<NoOrInt>;
  all_tg_pt: Selected<YesNo>;
  marginal_path_err_sample_time: Selected<NoOrInt>;
  marginal_path_err_rate_threshold: Selected<NoOrInt>;
  marginal_path_err_recheck_gap_time: Selected<NoOrInt>;
  marginal_path_double_failed_time: Selected<NoOrInt>;
  san_path_err_threshold: Selected<NoOrInt>;
  san_path_err_forget_rate: Selected<NoOrInt>;
  san_path_err_recovery_time: Selected<NoOrInt>;
};

const positive = (v: NoOrInt): boolean => typeof v === "number" && v > 0;

function allPathsAlua(paths: readonly MapPathInput[]): boolean {
  let any = false;
  for (const p of paths) {
    if (p.prio === undefined) continue;
    if (p.prio !== "alua" && p.prio !== "sysfs") return false;
    any = true;
  }
  return any;
}

function selectHwhandler(ctx: SelectionContext, input: MapInput, retain: YesNo): Selected<string> {
  let oneTpgs = false;
  let allTpgs = true;
  for (const p of input.paths) {
    const t = p.tpgs ?? "undef";
    allTpgs &&= t !== "none";
    oneTpgs ||= t !== "none" && t !== "undef";
  }
  allTpgs &&= oneTpgs;
  let r: Selected<string> | undefined;
  if (retain !== "no") {
    const dh = input.paths.find((p) => p.dhState !== undefined && p.dhState !== "" && p.dhState !== "detached");
    if (dh) r = { value: `1 ${dh.dhState}`, origin: ORIGIN.retainedByKernel };
  }
  r ??= selectFrom<string>(ctx, "hardware_handler", ["device", "defaults"], "0");
  if (allTpgs && r.value === "0" && r.origin === ORIGIN.internal) return { value: "1 alua", origin: ORIGIN.tpgs };
  if (!allTpgs && r.value === "1 alua") return { value: "0", origin: ORIGIN.tpgs };
  return r;
}

export function selectMapSettings(config: Config, input: MapInput): MapSettings {
  const mpe = config.multipaths.find((m) => m.wwid === input.wwid);
  const ctx: SelectionContext = { config, hwes: input.hwes };
  if (mpe) ctx.mpe = mpe;
  const mp = <T>(key: string, builtin: T) => selectFrom<T>(ctx, key, MAP_CHAIN, builtin);
  const noMpe = <T>(key: string, builtin: T) => selectFrom<T>(ctx, key, PATH_CHAIN, builtin);

  const detect_pgpolicy = noMpe<YesNo>("detect_pgpolicy", "yes");
  const detect_pgpolicy_use_tpg = noMpe<YesNo>("detect_pgpolicy_use_tpg", "no");
  let path_grouping_policy: Selected<PgPolicy>;
  if (input.pgpolicyFlag) path_grouping_policy = { value: input.pgpolicyFlag, origin: ORIGIN.cmdline };
  else if (detect_pgpolicy.value === "yes" && allPathsAlua(input.paths))
    path_grouping_policy = {
      value: detect_pgpolicy_use_tpg.value === "yes" ? "group_by_tpg" : "group_by_prio",
      origin: ORIGIN.autodetected,
    };
  else path_grouping_policy = mp<PgPolicy>("path_grouping_policy", "failover");
  if (
    path_grouping_policy.value === "group_by_tpg" &&
    path_grouping_policy.origin !== ORIGIN.autodetected &&
    !allPathsAlua(input.paths)
  )
    path_grouping_policy = { value: "failover", origin: ORIGIN.notAllAlua };

  // features, then the deprecated features folded into settings
  const features = mp<string>("features", "0");
  let no_path_retry = mp<"fail" | "queue" | number | undefined>("no_path_retry", undefined);
  let retain_attached_hw_handler: Selected<YesNo>;
  const kernel = input.kernel;
  if (kernel === undefined || kernel[0] > 4 || (kernel[0] === 4 && kernel[1] >= 3))
    retain_attached_hw_handler = { value: "yes", origin: ORIGIN.kernel43 };
  else retain_attached_hw_handler = noMpe<YesNo>("retain_attached_hw_handler", "yes");
  const reconciled: { features?: string; no_path_retry?: "fail" | "queue" | number; retain_attached_hw_handler?: YesNo } = {
    features: features.value,
  };
  if (no_path_retry.value !== undefined) reconciled.no_path_retry = no_path_retry.value;
  reconcileFeatures(input.wwid, reconciled);
  if (reconciled.no_path_retry !== no_path_retry.value)
    no_path_retry = { value: reconciled.no_path_retry, origin: features.origin };
  const queue = reconcileQueueMode(reconciled.features ?? features.value, input.queueMode);

  const user_friendly_names = mp<YesNo>("user_friendly_names", "no");
  const alias_prefix = noMpe<string>("alias_prefix", "mpath");
  const alias: Selected<string | undefined> =
    mpe?.alias !== undefined
      ? { value: mpe.alias, origin: ORIGIN.multipaths }
      : user_friendly_names.value === "yes"
        ? { value: undefined, origin: ORIGIN.userFriendlyName } // the name comes from the bindings file
        : { value: input.wwid, origin: ORIGIN.wwidAlias };

  const attr = <T>(key: string) => selectFrom<T | undefined>(ctx, key, ["multipaths", "defaults"], undefined);

  const fpin = config.defaults.marginal_pathgroups === "fpin";
  const marginal = (key: string): Selected<NoOrInt> =>
    fpin ? { value: "no", origin: ORIGIN.fpinMarginal } : mp<NoOrInt>(key, "no");
  let marginal_path_err_sample_time = marginal("marginal_path_err_sample_time");
  if (typeof marginal_path_err_sample_time.value === "number" && marginal_path_err_sample_time.value < 120)
    marginal_path_err_sample_time = { ...marginal_path_err_sample_time, value: 120 };
  const marginal_path_err_rate_threshold = marginal("marginal_path_err_rate_threshold");
  const marginal_path_err_recheck_gap_time = marginal("marginal_path_err_recheck_gap_time");
  const marginal_path_double_failed_time = marginal("marginal_path_double_failed_time");
  const marginalEnabled =
    positive(marginal_path_err_sample_time.value) &&
    typeof marginal_path_err_rate_threshold.value === "number" &&
    positive(marginal_path_err_recheck_gap_time.value) &&
    positive(marginal_path_double_failed_time.value);
  const san = (key: string): Selected<NoOrInt> =>
    marginalEnabled || fpin
      ? { value: "no", origin: fpin ? ORIGIN.fpinMarginal : ORIGIN.marginalPath }
      : mp<NoOrInt>(key, "no");
  let san_path_err_threshold = san("san_path_err_threshold");
  let san_path_err_forget_rate = san("san_path_err_forget_rate");
  let san_path_err_recovery_time = san("san_path_err_recovery_time");

  // delay_watch_checks / delay_wait_checks are mapped onto san_path_err_*
  const watch = selectFrom<NoOrInt | undefined>(ctx, "delay_watch_checks", MAP_CHAIN, undefined).value;
  const wait = selectFrom<NoOrInt | undefined>(ctx, "delay_wait_checks", MAP_CHAIN, undefined).value;
  const sanSet = [san_path_err_threshold, san_path_err_forget_rate, san_path_err_recovery_time].some((s) => positive(s.value));
  if ((positive(watch ?? "no") || positive(wait ?? "no")) && !sanSet) {
    san_path_err_threshold = { value: 1, origin: positive(watch ?? "no") ? ORIGIN.delayWatch : ORIGIN.delayWait };
    if (typeof watch === "number" && watch > 0) san_path_err_forget_rate = { value: watch, origin: ORIGIN.delayWatch };
    if (typeof wait === "number" && wait > 0)
      san_path_err_recovery_time = {
        value: wait * (config.defaults.max_polling_interval ?? 20),
        origin: ORIGIN.delayWait,
      };
  }

  return {
    detect_pgpolicy,
    detect_pgpolicy_use_tpg,
    path_grouping_policy,
    path_selector: mp<string>("path_selector", "service-time 0"),
    features: { value: queue.features, origin: features.origin },
    queue_mode: queue.queueMode,
    retain_attached_hw_handler,
    hardware_handler: selectHwhandler(ctx, input, retain_attached_hw_handler.value),
    no_path_retry,
    rr_weight: mp<"uniform" | "priorities">("rr_weight", "uniform"),
    failback: mp<"manual" | "immediate" | "followover" | number>("failback", "manual"),
    rr_min_io_rq: input.bioBased ? mp<number>("rr_min_io", 1000) : mp<number>("rr_min_io_rq", 1),
    flush_on_last_del: mp<"never" | "always" | "unused">("flush_on_last_del", "unused"),
    user_friendly_names,
    alias_prefix,
    alias,
    mode: attr<number>("mode"),
    uid: attr<number>("uid"),
    gid: attr<number>("gid"),
    reservation_key: attr<unknown>("reservation_key"),
    deferred_remove: mp<YesNo>("deferred_remove", "no"),
    skip_kpartx: mp<YesNo>("skip_kpartx", "no"),
    purge_disconnected: mp<YesNo>("purge_disconnected", "no"),
    max_sectors_kb: mp<number | undefined>("max_sectors_kb", undefined),
    ghost_delay: mp<NoOrInt>("ghost_delay", "no"),
    all_tg_pt: noMpe<YesNo>("all_tg_pt", "no"),
    marginal_path_err_sample_time,
    marginal_path_err_rate_threshold,
    marginal_path_err_recheck_gap_time,
    marginal_path_double_failed_time,
    san_path_err_threshold,
    san_path_err_forget_rate,
    san_path_err_recovery_time,
  };
}
