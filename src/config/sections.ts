// Which keywords each section accepts, in the order `multipath -t` prints
// them (dict.c's install order). Names refer to the table in keywords.ts.
import type { KeywordName } from "./keywords.ts";

const SHAKY = [
  "delay_watch_checks",
  "delay_wait_checks",
  "san_path_err_threshold",
  "san_path_err_forget_rate",
  "san_path_err_recovery_time",
  "marginal_path_err_sample_time",
  "marginal_path_err_rate_threshold",
  "marginal_path_err_recheck_gap_time",
  "marginal_path_double_failed_time",
] as const;

export const DEFAULTS_KEYWORDS = [
  "verbosity", "polling_interval", "max_polling_interval", "reassign_maps", "multipath_dir",
  "path_selector", "path_grouping_policy", "uid_attrs", "uid_attribute", "getuid_callout", "prio",
  "prio_args", "features", "path_checker", "checker", "alias_prefix", "failback", "rr_min_io",
  "rr_min_io_rq", "max_fds", "rr_weight", "no_path_retry", "queue_without_daemon", "checker_timeout",
  "allow_usb_devices", "pg_timeout", "flush_on_last_del", "user_friendly_names", "mode", "uid", "gid",
  "fast_io_fail_tmo", "dev_loss_tmo", "eh_deadline", "max_retries", "bindings_file", "wwids_file",
  "prkeys_file", "log_checker_err", "reservation_key", "all_tg_pt", "retain_attached_hw_handler",
  "detect_prio", "detect_checker", "detect_pgpolicy", "detect_pgpolicy_use_tpg", "force_sync",
  "strict_timing", "deferred_remove", "partition_delimiter", "config_dir", ...SHAKY,
  "find_multipaths", "uxsock_timeout", "retrigger_tries", "retrigger_delay", "missing_uev_wait_timeout",
  "skip_kpartx", "purge_disconnected", "disable_changed_wwids", "remove_retries", "max_sectors_kb",
  "ghost_delay", "auto_resize", "find_multipaths_timeout", "enable_foreign", "marginal_pathgroups",
  "recheck_wwid",
] as const satisfies readonly KeywordName[];

export const DEVICE_KEYWORDS = [
  "vendor", "product", "revision", "product_blacklist", "path_grouping_policy", "uid_attribute",
  "getuid_callout", "path_selector", "path_checker", "checker", "alias_prefix", "features",
  "hardware_handler", "prio", "prio_args", "failback", "rr_weight", "no_path_retry", "rr_min_io",
  "rr_min_io_rq", "pg_timeout", "flush_on_last_del", "fast_io_fail_tmo", "dev_loss_tmo", "eh_deadline",
  "user_friendly_names", "retain_attached_hw_handler", "detect_prio", "detect_checker", "detect_pgpolicy",
  "detect_pgpolicy_use_tpg", "deferred_remove", ...SHAKY, "skip_kpartx", "purge_disconnected",
  "max_sectors_kb", "ghost_delay", "all_tg_pt", "vpd_vendor", "recheck_wwid",
] as const satisfies readonly KeywordName[];

export const OVERRIDES_KEYWORDS = [
  "path_grouping_policy", "uid_attribute", "getuid_callout", "path_selector", "path_checker", "checker",
  "alias_prefix", "features", "prio", "prio_args", "failback", "rr_weight", "no_path_retry", "rr_min_io",
  "rr_min_io_rq", "flush_on_last_del", "fast_io_fail_tmo", "dev_loss_tmo", "eh_deadline",
  "user_friendly_names", "retain_attached_hw_handler", "detect_prio", "detect_checker", "detect_pgpolicy",
  "detect_pgpolicy_use_tpg", "deferred_remove", ...SHAKY, "skip_kpartx", "purge_disconnected",
  "max_sectors_kb", "ghost_delay", "all_tg_pt", "recheck_wwid",
] as const satisfies readonly KeywordName[];

export const PROTOCOL_KEYWORDS = ["type", "fast_io_fail_tmo", "dev_loss_tmo", "eh_deadline"] as const satisfies readonly KeywordName[];

export const MULTIPATH_KEYWORDS = [
  "wwid", "alias", "path_grouping_policy", "path_selector", "prio", "prio_args", "failback", "rr_weight",
  "no_path_retry", "rr_min_io", "rr_min_io_rq", "pg_timeout", "flush_on_last_del", "features", "mode", "uid",
  "gid", "reservation_key", "user_friendly_names", "deferred_remove", ...SHAKY, "skip_kpartx",
  "purge_disconnected", "max_sectors_kb", "ghost_delay",
] as const satisfies readonly KeywordName[];

/** simple (non-subsection) keywords of blacklist and blacklist_exceptions */
export const BLACKLIST_KINDS = ["devnode", "wwid", "property", "protocol"] as const;
export type BlacklistKind = (typeof BLACKLIST_KINDS)[number];

/** the section names the C parser checks for a following `{` */
export const BRACE_CHECKED = new Set([
  "defaults", "blacklist", "blacklist_exceptions", "devices", "device", "multipaths", "multipath",
]);

export type DefaultsKeyword = (typeof DEFAULTS_KEYWORDS)[number];
export type DeviceKeyword = (typeof DEVICE_KEYWORDS)[number];
export type OverridesKeyword = (typeof OVERRIDES_KEYWORDS)[number];
export type ProtocolKeyword = (typeof PROTOCOL_KEYWORDS)[number];
export type MultipathKeyword = (typeof MULTIPATH_KEYWORDS)[number];
