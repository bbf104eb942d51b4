// Post-processing after each file and after all files (config.c): drop
// incomplete entries, merge entries that name the same thing (the later one
// wins attribute by attribute), resolve polling intervals, add the default
// blacklist.
import { reconcileFeatures, type FeatureNote } from "./features.ts";
import { compileEre } from "./posixRegex.ts";
import type { LoadState } from "./parse.ts";
import type { Blacklist, BlacklistDevice, BlacklistPattern, Config, DeviceEntry } from "./schema.ts";

type Entry = Record<string, unknown>;

/** fill the attributes `dst` does not set from `src` */
function fillFrom(dst: Entry, src: Entry): void {
  for (const [k, v] of Object.entries(src)) if (dst[k] === undefined && v !== undefined) dst[k] = v;
}

function sameIdentity(a: DeviceEntry, b: DeviceEntry): boolean {
  return a.vendor === b.vendor && a.product === b.product && a.revision === b.revision;
}

/** Attributes setup_default_hwtable copies from the compiled-in table (store_hwe). */
const BUILTIN_COPIED = new Set([
  "vendor", "product", "revision", "uid_attribute", "features", "hardware_handler", "path_selector",
  "path_checker", "prio", "prio_args", "alias_prefix", "path_grouping_policy", "failback", "rr_weight",
  "no_path_retry", "rr_min_io", "rr_min_io_rq", "flush_on_last_del", "fast_io_fail_tmo", "dev_loss_tmo",
  "eh_deadline", "user_friendly_names", "retain_attached_hw_handler", "detect_prio", "detect_checker",
  "detect_pgpolicy", "detect_pgpolicy_use_tpg", "ghost_delay", "vpd_vendor", "product_blacklist",
]);

export function copyBuiltinEntry(e: DeviceEntry): DeviceEntry {
  const out: Entry = {};
  for (const [k, v] of Object.entries(e)) if (BUILTIN_COPIED.has(k)) out[k] = v;
  return out as DeviceEntry;
}

function noteDiags(state: LoadState, file: string, notes: FeatureNote[]): void {
  for (const n of notes)
    state.diagnostics.push({ severity: n.level === 0 ? "error" : "warning", file, line: 0, message: n.message });
}

/**
 * factorize_hwtable: entries from index `n` on are new. New entries without
 * vendor or product are dropped; an entry with the same vendor/product/revision
 * strings as a later one is merged into the later one and removed.
 */
export function factorizeDevices(state: LoadState, n: number, desc: string): void {
  const hw = state.config.devices;
  restart: for (;;) {
    for (let i = 0; i < hw.length; i++) {
      const e1 = hw[i]!;
      if (i >= n && (e1.vendor === undefined || e1.product === undefined)) {
        state.diagnostics.push({
          severity: "error",
          file: desc,
          line: 0,
          message: `device config in ${desc} missing vendor or product parameter`,
        });
        hw.splice(i--, 1);
        continue;
      }
      for (let j = Math.max(n, i + 1); j < hw.length; j++) {
        const e2 = hw[j]!;
        if (!sameIdentity(e1, e2)) continue;
        if (i >= n)
          state.diagnostics.push({
            severity: "warning",
            file: desc,
            line: 0,
            message: `factorize_hwtable: duplicate device section for ${e1.vendor}:${e1.product}:${e1.revision ?? "(null)"} in ${desc}`,
          });
        hw.splice(i, 1);
        fillFrom(e2 as Entry, e1 as Entry);
        const notes: FeatureNote[] = [];
        reconcileFeatures(`${e2.vendor}/${e2.product}`, e2, notes);
        noteDiags(state, desc, notes);
        if (i < n) n -= 1;
        continue restart;
      }
    }
    return;
  }
}

/** validate_pctable: protocol subsections without `type` are dropped */
export function validateProtocols(state: LoadState, from: number, desc: string): void {
  const o = state.config.overrides;
  if (!o) return;
  for (let i = from; i < o.protocols.length; i++) {
    if (o.protocols[i]!.type === undefined) {
      state.diagnostics.push({ severity: "error", file: desc, line: 0, message: `protocol section in ${desc} missing type` });
      o.protocols.splice(i--, 1);
    }
  }
}

function mergeProtocols(config: Config): void {
  const p = config.overrides?.protocols;
  if (!p) return;
  for (let i = 0; i < p.length; i++) {
    for (let j = i + 1; j < p.length; j++) {
      if (p[i]!.type !== p[j]!.type) continue;
      fillFrom(p[j]! as Entry, p[i]! as Entry);
      p.splice(i--, 1);
      break;
    }
  }
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function mergeMultipaths(state: LoadState): void {
  const mp = state.config.multipaths.filter((m) => {
    if (m.wwid !== undefined) return true;
    state.diagnostics.push({ severity: "error", file: "", line: 0, message: "multipaths config section missing wwid" });
    return false;
  });
  mp.sort((a, b) => byteCompare(a.wwid!, b.wwid!));
  for (let i = 0; i + 1 < mp.length; i++) {
    if (mp[i]!.wwid !== mp[i + 1]!.wwid) continue;
    state.diagnostics.push({
      severity: "warning",
      file: "",
      line: 0,
      message: `merge_mptable: duplicate multipath config section for ${mp[i]!.wwid}`,
    });
    fillFrom(mp[i + 1]! as Entry, mp[i]! as Entry);
    mp.splice(i--, 1);
  }
  state.config.multipaths = mp;
}

function dedupePatterns(list: BlacklistPattern[]): BlacklistPattern[] {
  const seen = new Set<string>();
  return list.filter((e) => (seen.has(e.pattern) ? false : (seen.add(e.pattern), true)));
}

function dedupeDevices(list: BlacklistDevice[]): BlacklistDevice[] {
  const kept: BlacklistDevice[] = [];
  for (const d of list) {
    if (d.vendor === undefined && d.product === undefined) continue;
    if (kept.some((k) => k.vendor === d.vendor && k.product === d.product)) continue;
    kept.push(d);
  }
  return kept;
}

function mergeBlacklist(b: Blacklist): void {
  b.devnode = dedupePatterns(b.devnode);
  b.property = dedupePatterns(b.property);
  b.wwid = dedupePatterns(b.wwid);
  b.device = dedupeDevices(b.device);
}

/** init_config__'s polling interval resolution */
function resolvePolling(config: Config): void {
  const UINT_MAX = 4294967295;
  const d = config.defaults;
  let checkint = d.polling_interval;
  let max = d.max_polling_interval ?? 0;
  if (max === 0) {
    checkint ??= 5;
    max = checkint < Math.floor(UINT_MAX / 4) ? checkint * 4 : UINT_MAX;
  } else if (checkint === undefined) checkint = max >= 4 ? Math.floor(max / 4) : 1;
  else if (checkint > max) checkint = max;
  d.polling_interval = checkint;
  d.max_polling_interval = max;
}

export type FinishOptions = {
  /** /sys/module/nvme_core/parameters/multipath is "Y": nvme devices are not ours */
  nvmeNativeMultipath?: boolean;
};

/** Everything init_config__ does after the last file. */
export function finishConfig(state: LoadState, opts: FinishOptions): void {
  const c = state.config;
  resolvePolling(c);
  c.blacklist.devnode.push({
    pattern: opts.nvmeNativeMultipath ? "!^(sd[a-z]|dasd[a-z])" : "!^(sd[a-z]|dasd[a-z]|nvme[0-9])",
    origin: "default",
  });
  c.blacklistExceptions.property.push({ pattern: "(SCSI_IDENT_|ID_WWN)", origin: "default" });
  for (const e of c.devices) {
    if (e.product_blacklist === undefined) continue;
    if (c.blacklist.device.some((d) => d.vendor === e.vendor && d.product === e.product_blacklist)) continue;
    // setup_default_blist compiles both; a bad pattern makes upstream refuse the configuration
    const bad = [e.vendor, e.product_blacklist].find((p) => p !== undefined && !compileEre(p.startsWith("!") || p.startsWith("\\!") ? p.slice(1) : p));
    if (bad !== undefined) {
      state.diagnostics.push({
        severity: "error",
        file: "",
        line: 0,
        keyword: "product_blacklist",
        value: bad,
        message: `invalid regular expression in the blacklist entry of device ${e.vendor}:${e.product}: "${bad}"`,
      });
      state.failed = true;
      continue;
    }
    const entry: BlacklistDevice = { origin: "default", product: e.product_blacklist };
    if (e.vendor !== undefined) entry.vendor = e.vendor;
    c.blacklist.device.push(entry);
  }
  mergeProtocols(c);
  mergeMultipaths(state);
  mergeBlacklist(c.blacklist);
  mergeBlacklist(c.blacklistExceptions);
}
