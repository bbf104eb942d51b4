// Where a selected value came from, in upstream's words (propsel.c), as
// printed at verbosity 3 and by `multipath --explain`.
export const ORIGIN = {
  internal: "(setting: multipath internal)",
  device: "(setting: storage device configuration)",
  multipaths: "(setting: multipath.conf multipaths section)",
  defaults: "(setting: multipath.conf defaults/devices section)",
  overrides: "(setting: multipath.conf overrides section)",
  overridesProtocol: "(setting: multipath.conf overrides protocol section)",
  cmdline: "(setting: multipath command line [-p] flag)",
  autodetected: "(setting: storage device autodetected)",
  tpgs: "(setting: autodetected from TPGS)",
  retainedByKernel: "(setting: retained by kernel driver)",
  aluaFailed: "(setting: emergency fallback - alua failed)",
  notAllAlua: "(setting: emergency fallback - not all paths use alua prio)",
  uidAttrs: "(setting: multipath.conf defaults section / uid_attrs)",
  kernelSysfs: "(setting: kernel sysfs)",
  existingAlias: "(setting: using existing alias)",
  userFriendlyName: "(setting: user_friendly_name)",
  wwidAlias: "(setting: default to WWID)",
  recheckUnsupported: "(setting: unsupported by device type/config)",
  delayWatch: "(setting: implied by delay_watch_checks)",
  delayWait: "(setting: implied by delay_wait_checks)",
  marginalPath: "(setting: implied by marginal_path check)",
  fpinMarginal: "(setting: overridden by marginal_path_fpin)",
  kernel43: "(setting: implied in kernel >= 4.3.0)",
  unknownHardware: "(default for unknown hardware)",
} as const;

export type Selected<T> = { value: T; origin: string };
