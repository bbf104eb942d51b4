// The one table of multipath.conf keywords: value kind (zod schema, reader,
// printer), the compiled-in default printed in the `defaults` section, and a
// one-line description. Section layouts (which keywords a section accepts,
// in print order) live in sections.ts and refer to these names.
import { z } from "zod";
import {
  type ParseOutcome,
  type ValueKind,
  anyIntKind,
  argStringKind,
  deprecatedKind,
  devLossKind,
  enumKind,
  failbackKind,
  flushOnLastDelKind,
  idKind,
  intKind,
  maxRetriesKind,
  modeKind,
  noOrIntKind,
  noPathRetryKind,
  noSlashStringKind,
  nonNegIntKind,
  nonZeroIntKind,
  offZeroIntKind,
  quote,
  reservationKeyKind,
  stringKind,
  uidAttrsKind,
  uintKind,
  yesNoKind,
  INT_MAX,
  UINT_MAX,
} from "./valueKinds.ts";

export type KeywordDef<S extends z.ZodType = z.ZodType> = {
  kind: ValueKind<S>;
  /** value printed in the `defaults` section of `-t` when the keyword is not set */
  builtin?: z.infer<S>;
  /** accepted for compatibility, never printed (`checker` is an alias of `path_checker`) */
  aliasOf?: string;
  /** value stored when the keyword is still unset after one of its lines, even an invalid one */
  unsetAfterLine?: z.infer<S>;
  doc: string;
};

function def<S extends z.ZodType>(kind: ValueKind<S>, doc: string, builtin?: z.infer<S>): KeywordDef<S> {
  return builtin === undefined ? { kind, doc } : { kind, doc, builtin };
}

export const PGPOLICIES = [
  "failover",
  "multibus",
  "group_by_serial",
  "group_by_prio",
  "group_by_node_name",
  "group_by_tpg",
] as const;
export type PgPolicy = (typeof PGPOLICIES)[number];

/** get_pgpolicy_id compares prefixes (strncmp), so "multibusX" is multibus */
const pgpolicyKind: ValueKind<z.ZodEnum<{ [K in PgPolicy]: K }>> = {
  schema: z.enum(PGPOLICIES),
  parse: (raw): ParseOutcome<PgPolicy> => {
    const p = PGPOLICIES.find((name) => raw.startsWith(name));
    if (p) return { value: p, issues: [] };
    return { issues: [{ level: 1, message: `invalid value for path_grouping_policy: "${raw}"` }] };
  },
  print: (v) => quote(v),
  accepts: PGPOLICIES.map((p) => `"${p}"`).join(", "),
};

/** polling_interval: like set_uint, but UINT_MAX is the internal "unset" marker */
const checkintKind: ValueKind<z.ZodNumber> = {
  ...uintKind,
  parse: (raw, kw) => {
    const r = uintKind.parse(raw, kw);
    return r.value === UINT_MAX ? { ...r, value: UINT_MAX - 1 } : r;
  },
};

/** max_fds: "max" (= /proc/sys/fs/nr_open) or a number capped at it; 0 is "not set" */
const maxFdsKind: ValueKind<z.ZodUnion<[z.ZodLiteral<"max">, z.ZodNumber]>> = {
  schema: z.union([z.literal("max"), z.number().int().nonnegative()]),
  parse: (raw, kw, ctx) => {
    if (raw === "max") return { value: "max", issues: [] };
    // without host facts (pure parsing) there is no system cap
    const nrOpen = ctx?.nrOpen ?? INT_MAX;
    const r = intKind(0, nrOpen).parse(raw, kw);
    return r.value === nrOpen && ctx?.nrOpen !== undefined ? { ...r, value: "max" } : r;
  },
  print: (v) => (v === "max" ? quote(v) : v === 0 ? null : String(v)),
  accepts: `"max" or a number of file descriptors`,
};

export const PROTOCOL_NAMES = [
  "undef",
  "ccw",
  "cciss",
  "scsi:fcp",
  "scsi:spi",
  "scsi:ssa",
  "scsi:sbp",
  "scsi:srp",
  "scsi:iscsi",
  "scsi:sas",
  "scsi:adt",
  "scsi:ata",
  "scsi:usb",
  "scsi:unspec",
  "nvme:pcie",
  "nvme:rdma",
  "nvme:fc",
  "nvme:tcp",
  "nvme:loop",
  "nvme:apple-nvme",
  "nvme:unspec",
] as const;

const yesNoDoc = (what: string) => `${what} (yes/no)`;
const shaky = (what: string) => `${what}; "no" or a positive integer`;

export const KEYWORDS = {
  verbosity: def(intKind(0, 4), "default log verbosity 0-4", 2),
  // upstream's handler turns its "unset" marker into UINT_MAX - 1 after any
  // polling_interval line, so an invalid first value means 4294967294 seconds
  polling_interval: { ...def(checkintKind, "seconds between path checks"), unsetAfterLine: UINT_MAX - 1 },
  max_polling_interval: def(uintKind, "maximum seconds between checks of a healthy path"),
  reassign_maps: def(yesNoKind, yesNoDoc("remap existing dm devices on reconfigure"), "no"),
  multipath_dir: def(deprecatedKind("/lib/multipath"), "deprecated, ignored"),
  path_selector: def(argStringKind(1), "dm path selector and its arguments", "service-time 0"),
  path_grouping_policy: def(pgpolicyKind, "how paths are grouped into path groups", "failover"),
  uid_attrs: def(uidAttrsKind, "per-subsystem udev attribute used for the WWID"),
  uid_attribute: def(stringKind, "udev attribute that provides the WWID", "ID_SERIAL"),
  getuid_callout: def(deprecatedKind("(not set)"), "deprecated, ignored"),
  prio: def(stringKind, "path prioritizer", "const"),
  prio_args: def(stringKind, "arguments of the prioritizer", ""),
  features: def(argStringKind(0), "dm-multipath feature arguments", "0"),
  path_checker: def(stringKind, "path checker", "tur"),
  checker: { ...def(stringKind, "alias of path_checker"), aliasOf: "path_checker" },
  alias_prefix: def(noSlashStringKind, "prefix of user friendly names", "mpath"),
  failback: def(failbackKind, "path group failback policy", "manual"),
  rr_min_io: def(nonZeroIntKind, "I/Os per path before switching (bio based)", 1000),
  rr_min_io_rq: def(nonZeroIntKind, "requests per path before switching", 1),
  max_fds: def(maxFdsKind, "maximum open file descriptors of multipathd", "max"),
  rr_weight: def(enumKind(["uniform", "priorities"]), "round-robin weighting", "uniform"),
  no_path_retry: def(noPathRetryKind, "what to do when all paths are down"),
  queue_without_daemon: def(yesNoKind, yesNoDoc("keep queueing when multipathd stops"), "no"),
  checker_timeout: def(nonZeroIntKind, "timeout of checker and prioritizer commands, seconds"),
  allow_usb_devices: def(yesNoKind, yesNoDoc("consider USB devices"), "no"),
  pg_timeout: def(deprecatedKind("(not set)"), "deprecated, ignored"),
  flush_on_last_del: def(flushOnLastDelKind, "disable queueing when the last path is removed", "unused"),
  user_friendly_names: def(yesNoKind, yesNoDoc("name maps mpathN instead of the WWID"), "no"),
  mode: def(modeKind, "mode of the map device node"),
  uid: def(idKind("uid"), "owner of the map device node"),
  gid: def(idKind("gid"), "group of the map device node"),
  fast_io_fail_tmo: def(offZeroIntKind, "SCSI transport fast_io_fail_tmo", 5),
  dev_loss_tmo: def(devLossKind, "SCSI transport dev_loss_tmo"),
  eh_deadline: def(offZeroIntKind, "SCSI error handler deadline"),
  max_retries: def(maxRetriesKind, "SCSI command retries of the path device"),
  bindings_file: def(deprecatedKind("/etc/multipath/bindings"), "deprecated, ignored"),
  wwids_file: def(deprecatedKind("/etc/multipath/wwids"), "deprecated, ignored"),
  prkeys_file: def(deprecatedKind("/etc/multipath/prkeys"), "deprecated, ignored"),
  log_checker_err: def(enumKind(["always", "once"]), "how often checker errors are logged", "always"),
  reservation_key: def(reservationKeyKind, "persistent reservation key"),
  all_tg_pt: def(yesNoKind, yesNoDoc("register the key on all target ports"), "no"),
  retain_attached_hw_handler: def(yesNoKind, yesNoDoc("keep the attached scsi_dh handler"), "yes"),
  detect_prio: def(yesNoKind, yesNoDoc("detect ALUA/sysfs prioritizers"), "yes"),
  detect_checker: def(yesNoKind, yesNoDoc("use tur for ALUA devices"), "yes"),
  detect_pgpolicy: def(yesNoKind, yesNoDoc("use group_by_prio when all paths have ALUA priorities"), "yes"),
  detect_pgpolicy_use_tpg: def(yesNoKind, yesNoDoc("detect_pgpolicy picks group_by_tpg"), "no"),
  force_sync: def(yesNoKind, yesNoDoc("check paths synchronously"), "no"),
  strict_timing: def(yesNoKind, yesNoDoc("keep exact checker intervals"), "no"),
  deferred_remove: def(yesNoKind, yesNoDoc("remove maps deferred when the last path goes"), "no"),
  partition_delimiter: def(noSlashStringKind, "delimiter between map name and partition number"),
  config_dir: def(deprecatedKind("/etc/multipath/conf.d"), "deprecated, ignored"),
  delay_watch_checks: def(noOrIntKind, shaky("deprecated shaky path detection"), "no"),
  delay_wait_checks: def(noOrIntKind, shaky("deprecated shaky path detection"), "no"),
  san_path_err_threshold: def(noOrIntKind, shaky("path errors before a path is held back"), "no"),
  san_path_err_forget_rate: def(noOrIntKind, shaky("checks after which one error is forgotten"), "no"),
  san_path_err_recovery_time: def(noOrIntKind, shaky("seconds a failing path is held back"), "no"),
  marginal_path_err_sample_time: def(noOrIntKind, shaky("seconds of I/O error sampling"), "no"),
  marginal_path_err_rate_threshold: def(noOrIntKind, shaky("error rate per thousand I/Os"), "no"),
  marginal_path_err_recheck_gap_time: def(noOrIntKind, shaky("seconds before a marginal path is rechecked"), "no"),
  marginal_path_double_failed_time: def(noOrIntKind, shaky("window for two failures that start sampling"), "no"),
  find_multipaths: def(
    enumKind(["off", "on", "strict", "greedy", "smart"], { no: "off", "0": "off", yes: "on", "1": "on" }),
    "which devices become paths",
    "strict",
  ),
  uxsock_timeout: def(intKind(4000, INT_MAX), "CLI socket timeout, ms", 4000),
  retrigger_tries: def(nonNegIntKind, "uevent retriggers for missing WWIDs", 3),
  retrigger_delay: def(nonNegIntKind, "seconds between retriggers", 10),
  missing_uev_wait_timeout: def(nonNegIntKind, "seconds to wait for a map's creation uevent", 30),
  skip_kpartx: def(yesNoKind, yesNoDoc("do not create partition mappings"), "no"),
  purge_disconnected: def(yesNoKind, yesNoDoc("delete disconnected path devices"), "no"),
  disable_changed_wwids: def(deprecatedKind("yes"), "deprecated, ignored"),
  remove_retries: def(nonNegIntKind, "retries when removing a busy map", 0),
  max_sectors_kb: def(nonZeroIntKind, "max_sectors_kb of paths and map"),
  ghost_delay: def(noOrIntKind, shaky("seconds to wait for an active path"), "no"),
  auto_resize: def(enumKind(["never", "grow_only", "grow_shrink"]), "resize maps when paths change size", "never"),
  find_multipaths_timeout: def(intKind(-2147483648, INT_MAX, { zeroUnset: true }), "find_multipaths smart wait, seconds", -10),
  enable_foreign: def(stringKind, "regex of foreign libraries to load", "NONE"),
  marginal_pathgroups: def(
    enumKind(["off", "on", "fpin"], { no: "off", "0": "off", yes: "on", "1": "on" }),
    "put marginal paths into their own group",
    "off",
  ),
  recheck_wwid: def(yesNoKind, yesNoDoc("recheck the WWID of reappearing paths"), "no"),
  // device entries
  vendor: def(stringKind, "vendor regular expression"),
  product: def(stringKind, "product regular expression"),
  revision: def(stringKind, "revision regular expression"),
  product_blacklist: def(stringKind, "products of this vendor to blacklist"),
  hardware_handler: def(argStringKind(0), "kernel hardware handler"),
  vpd_vendor: def(enumKind(["hp3par"]), "vendor specific VPD page"),
  // multipath entries
  wwid: def(stringKind, "WWID of the map"),
  alias: def(noSlashStringKind, "name of the map"),
  // overrides protocol entries
  type: def(enumKind(PROTOCOL_NAMES), "transport protocol of the path"),
} satisfies Record<string, KeywordDef>;

export type KeywordName = keyof typeof KEYWORDS;
export type KeywordValue<K extends KeywordName> = z.infer<(typeof KEYWORDS)[K]["kind"]["schema"]>;

export function isKeywordName(s: string): s is KeywordName {
  return Object.hasOwn(KEYWORDS, s);
}

// re-exported for anything that needs to reason about unset polling values
export { anyIntKind };
