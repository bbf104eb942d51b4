// Property selection: precedence between sections and the origin strings.
import { describe, expect, test } from "bun:test";
import {
  ORIGIN,
  explainPath,
  findDeviceEntries,
  parseConfigText,
  selectMapSettings,
  selectPathSettings,
} from "../../../src/config/index.ts";

const cfg = (text: string) => parseConfigText(text, "t.conf", { nvmeNativeMultipath: false }).config;
const lio = { dev: "sdb", bus: "scsi" as const, vendor: "LIO-ORG", product: "disk", revision: "4.0", wwid: "3600140501", protocol: "scsi:iscsi" };

describe("path settings", () => {
  test("built-in device entry vs compiled-in default", () => {
    const s = selectPathSettings(cfg(""), { ...lio, tpgs: "none" });
    expect(s.path_checker).toEqual({ value: "directio", origin: ORIGIN.device });
    expect(s.uid_attribute).toEqual({ value: "ID_SERIAL", origin: ORIGIN.internal });
    expect(s.fast_io_fail_tmo).toEqual({ value: 5, origin: ORIGIN.internal });
    expect(s.dev_loss_tmo).toEqual({ value: undefined, origin: ORIGIN.internal });
  });
  test("alua from the hwtable falls back to const without TPGS", () => {
    const s = selectPathSettings(cfg(""), { ...lio, tpgs: "none" });
    expect(s.prio).toEqual({ value: "const", origin: ORIGIN.aluaFailed });
  });
  test("detect_prio picks sysfs or alua, detect_checker picks tur, for ALUA paths", () => {
    const s = selectPathSettings(cfg(""), { ...lio, tpgs: "implicit", hasAccessState: true });
    expect(s.prio).toEqual({ value: "sysfs", origin: ORIGIN.autodetected });
    const t = selectPathSettings(cfg("defaults {\n detect_checker yes\n}\n"), { dev: "sdc", bus: "scsi", vendor: "X", product: "Y", tpgs: "explicit" });
    expect(t.path_checker).toEqual({ value: "tur", origin: ORIGIN.autodetected });
    expect(t.prio).toEqual({ value: "alua", origin: ORIGIN.autodetected });
  });
  test("overrides beat devices beat defaults", () => {
    const c = cfg('defaults {\n path_checker readsector0\n}\noverrides {\n path_checker none\n}\n');
    expect(selectPathSettings(c, lio).path_checker).toEqual({ value: "none", origin: ORIGIN.overrides });
    const d = cfg("defaults {\n path_checker readsector0\n}\n");
    expect(selectPathSettings(d, lio).path_checker.origin).toBe(ORIGIN.device);
    expect(selectPathSettings(d, { ...lio, vendor: "Nobody" }).path_checker).toEqual({ value: "readsector0", origin: ORIGIN.defaults });
  });
  test("overrides protocol subsection comes first for the transport timeouts", () => {
    const c = cfg("overrides {\n dev_loss_tmo 50\n protocol {\n type scsi:iscsi\n dev_loss_tmo 9\n }\n}\n");
    expect(selectPathSettings(c, lio).dev_loss_tmo).toEqual({ value: 9, origin: ORIGIN.overridesProtocol });
    expect(selectPathSettings(c, { ...lio, protocol: "scsi:fcp" }).dev_loss_tmo).toEqual({ value: 50, origin: ORIGIN.overrides });
  });
  test("uid_attrs beats everything for uid_attribute", () => {
    const c = cfg('defaults {\n uid_attrs "sd:ID_WWN nvme:ID_UUID"\n}\n');
    expect(selectPathSettings(c, lio).uid_attribute).toEqual({ value: "ID_WWN", origin: ORIGIN.uidAttrs });
  });
  test("checker_timeout: defaults, then sysfs, then 30", () => {
    expect(selectPathSettings(cfg(""), { ...lio, sysfsTimeout: 45 }).checker_timeout).toEqual({ value: 45, origin: ORIGIN.kernelSysfs });
    expect(selectPathSettings(cfg("defaults {\nchecker_timeout 7\n}"), { ...lio, sysfsTimeout: 45 }).checker_timeout.value).toBe(7);
    expect(selectPathSettings(cfg(""), lio).checker_timeout.value).toBe(30);
  });
  test("find_multipaths_timeout: negative means unknown hardware gets 1 second", () => {
    expect(selectPathSettings(cfg(""), lio).find_multipaths_timeout.value).toBe(10);
    expect(selectPathSettings(cfg(""), { ...lio, vendor: "Nobody" }).find_multipaths_timeout).toEqual({ value: 1, origin: ORIGIN.unknownHardware });
  });
  test("prio and prio_args from device entries are taken independently", () => {
    const c = cfg('devices {\n device {\n vendor LIO-ORG\n product ".*"\n prio_args "x"\n }\n device {\n vendor LIO-ORG\n product disk\n prio weightedpath\n }\n}\ndefaults {\ndetect_prio no\n}\n');
    const s = selectPathSettings(c, lio);
    expect(s.prio.value).toBe("weightedpath");
    expect(s.prio_args.value).toBe("x");
  });
  test("recheck_wwid is forced off where unsupported", () => {
    const s = selectPathSettings(cfg("defaults {\n recheck_wwid yes\n}\n"), lio);
    expect(s.recheck_wwid).toEqual({ value: "no", origin: ORIGIN.recheckUnsupported });
  });
});

describe("map settings", () => {
  const hwes = (c: ReturnType<typeof cfg>) => findDeviceEntries(c, lio);
  test("multipaths entry beats overrides (not the other way round)", () => {
    const c = cfg("overrides {\n no_path_retry 3\n}\nmultipaths {\n multipath {\n wwid w1\n no_path_retry 9\n }\n}\n");
    expect(selectMapSettings(c, { wwid: "w1", hwes: hwes(c), paths: [] }).no_path_retry).toEqual({ value: 9, origin: ORIGIN.multipaths });
    expect(selectMapSettings(c, { wwid: "w2", hwes: hwes(c), paths: [] }).no_path_retry).toEqual({ value: 3, origin: ORIGIN.overrides });
  });
  test("detect_pgpolicy: all-ALUA paths get group_by_prio (or tpg)", () => {
    const c = cfg("");
    const m = selectMapSettings(c, { wwid: "w", hwes: [], paths: [{ prio: "alua" }, { prio: "sysfs" }] });
    expect(m.path_grouping_policy).toEqual({ value: "group_by_prio", origin: ORIGIN.autodetected });
    const t = selectMapSettings(cfg("defaults {\n detect_pgpolicy_use_tpg yes\n}\n"), { wwid: "w", hwes: [], paths: [{ prio: "alua" }] });
    expect(t.path_grouping_policy.value).toBe("group_by_tpg");
    const mixed = selectMapSettings(c, { wwid: "w", hwes: [], paths: [{ prio: "alua" }, { prio: "const" }] });
    expect(mixed.path_grouping_policy).toEqual({ value: "failover", origin: ORIGIN.internal });
  });
  test("group_by_tpg without all-ALUA paths falls back to failover", () => {
    const c = cfg("defaults {\n path_grouping_policy group_by_tpg\n detect_pgpolicy no\n}\n");
    expect(selectMapSettings(c, { wwid: "w", hwes: [], paths: [{ prio: "const" }] }).path_grouping_policy).toEqual({
      value: "failover",
      origin: ORIGIN.notAllAlua,
    });
  });
  test("-p beats everything", () => {
    const m = selectMapSettings(cfg(""), { wwid: "w", hwes: [], paths: [{ prio: "alua" }], pgpolicyFlag: "multibus" });
    expect(m.path_grouping_policy).toEqual({ value: "multibus", origin: ORIGIN.cmdline });
  });
  test("features queue_if_no_path becomes no_path_retry queue only when nothing sets it", () => {
    const c = cfg('defaults {\n features "1 queue_if_no_path"\n}\n');
    const m = selectMapSettings(c, { wwid: "w", hwes: [], paths: [] });
    expect(m.features.value).toBe("0");
    expect(m.no_path_retry.value).toBe("queue");
    const c2 = cfg('defaults {\n features "2 queue_if_no_path pg_init_retries"\n no_path_retry 4\n}\n');
    const m2 = selectMapSettings(c2, { wwid: "w", hwes: [], paths: [] });
    expect(m2.features.value).toBe("1 pg_init_retries");
    expect(m2.no_path_retry).toEqual({ value: 4, origin: ORIGIN.defaults });
    const c3 = cfg('defaults {\n features "3 queue_if_no_path pg_init_retries 5"\n no_path_retry 4\n}\n');
    const m3 = selectMapSettings(c3, { wwid: "w", hwes: [], paths: [] });
    expect(m3.features.value).toBe("2 pg_init_retries 5");
    expect(m3.no_path_retry.value).toBe(4);
  });
  test("queue_mode in features sets the map's queue mode; a bio map always carries it", () => {
    const c = cfg('defaults {\n features "2 queue_mode bio"\n}\n');
    expect(selectMapSettings(c, { wwid: "w", hwes: [], paths: [] })).toMatchObject({ queue_mode: "bio", features: { value: "2 queue_mode bio" } });
    expect(selectMapSettings(c, { wwid: "w", hwes: [], paths: [], queueMode: "rq" }).features.value).toBe("0");
  });
  test("hardware handler: retained from the kernel, or derived from TPGS", () => {
    const c = cfg("");
    expect(selectMapSettings(c, { wwid: "w", hwes: [], paths: [{ dhState: "emc" }] }).hardware_handler).toEqual({
      value: "1 emc",
      origin: ORIGIN.retainedByKernel,
    });
    expect(selectMapSettings(c, { wwid: "w", hwes: [], paths: [{ tpgs: "implicit" }] }).hardware_handler).toEqual({
      value: "1 alua",
      origin: ORIGIN.tpgs,
    });
    const d = cfg('devices {\n device {\n vendor A\n product B\n hardware_handler "1 alua"\n }\n}\n');
    const h = findDeviceEntries(d, { vendor: "A", product: "B" });
    expect(selectMapSettings(d, { wwid: "w", hwes: h, paths: [{ tpgs: "none" }] }).hardware_handler).toEqual({ value: "0", origin: ORIGIN.tpgs });
  });
  test("alias: multipaths entry, then friendly name, then WWID", () => {
    const c = cfg("multipaths {\n multipath {\n wwid w1\n alias data\n }\n}\n");
    expect(selectMapSettings(c, { wwid: "w1", hwes: [], paths: [] }).alias).toEqual({ value: "data", origin: ORIGIN.multipaths });
    expect(selectMapSettings(c, { wwid: "w2", hwes: [], paths: [] }).alias).toEqual({ value: "w2", origin: ORIGIN.wwidAlias });
  });
  test("rr_min_io applies on bio-based targets, rr_min_io_rq otherwise", () => {
    const c = cfg("defaults {\n rr_min_io 50\n rr_min_io_rq 5\n}\n");
    expect(selectMapSettings(c, { wwid: "w", hwes: [], paths: [] }).rr_min_io_rq.value).toBe(5);
    expect(selectMapSettings(c, { wwid: "w", hwes: [], paths: [], bioBased: true }).rr_min_io_rq.value).toBe(50);
  });
  test("delay_watch_checks maps onto san_path_err_*", () => {
    const c = cfg("defaults {\n delay_watch_checks 7\n delay_wait_checks 2\n}\n");
    const m = selectMapSettings(c, { wwid: "w", hwes: [], paths: [] });
    expect(m.san_path_err_threshold).toEqual({ value: 1, origin: ORIGIN.delayWatch });
    expect(m.san_path_err_forget_rate).toEqual({ value: 7, origin: ORIGIN.delayWatch });
    expect(m.san_path_err_recovery_time).toEqual({ value: 40, origin: ORIGIN.delayWait });
  });
  test("marginal path checking disables san_path_err_*", () => {
    const c = cfg(
      "defaults {\n san_path_err_threshold 3\n marginal_path_err_sample_time 60\n marginal_path_err_rate_threshold 10\n marginal_path_err_recheck_gap_time 30\n marginal_path_double_failed_time 20\n}\n",
    );
    const m = selectMapSettings(c, { wwid: "w", hwes: [], paths: [] });
    expect(m.san_path_err_threshold).toEqual({ value: "no", origin: ORIGIN.marginalPath });
    expect(m.marginal_path_err_sample_time.value).toBe(120);
  });
});

test("explain lists every setting with its origin", () => {
  const text = explainPath(cfg(""), { ...lio, tpgs: "implicit", hasAccessState: false, udevProperties: ["ID_SERIAL", "ID_WWN"] });
  expect(text).toContain("sdb: path_checker = \"directio\" (setting: storage device configuration)");
  expect(text).toContain("sdb: prio = \"alua\" (setting: storage device autodetected)");
  expect(text).toContain("3600140501: no_path_retry = 12 (setting: storage device configuration)");
  expect(text).toContain("sdb: udev property ID_WWN whitelisted");
  expect(text).toContain("sdb: blacklist verdict = nothing");
});
