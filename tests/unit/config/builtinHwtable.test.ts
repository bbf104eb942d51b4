// The transcribed 0.14.3 hardware table against facts counted independently
// (shared/reference/multipath-tools.md 4.7).
import { expect, test } from "bun:test";
import { BUILTIN_HWTABLE, DeviceEntrySchema, parseConfigText } from "../../../src/config/index.ts";

test("137 entries, attribute usage as counted in hwtable.c", () => {
  const count: Record<string, number> = {};
  for (const e of BUILTIN_HWTABLE) for (const k of Object.keys(e)) count[k] = (count[k] ?? 0) + 1;
  expect(BUILTIN_HWTABLE).toHaveLength(137);
  expect(count).toEqual({
    vendor: 137,
    product: 137,
    path_grouping_policy: 125,
    no_path_retry: 118,
    failback: 88,
    prio: 81,
    path_checker: 33,
    product_blacklist: 33,
    features: 27,
    fast_io_fail_tmo: 4,
    uid_attribute: 3,
    flush_on_last_del: 3,
    dev_loss_tmo: 3,
    detect_prio: 3,
    detect_checker: 3,
    vpd_vendor: 1,
    user_friendly_names: 1,
    prio_args: 1,
    max_sectors_kb: 1,
  });
  expect(new Set(BUILTIN_HWTABLE.map((e) => e.vendor)).size).toBe(67);
  for (const e of BUILTIN_HWTABLE) expect(() => DeviceEntrySchema.parse(e)).not.toThrow();
});

test("first entry is generic NVMe; LIO uses directio without checker detection", () => {
  expect(BUILTIN_HWTABLE[0]).toEqual({
    vendor: "^NVME",
    product: ".*",
    uid_attribute: "ID_WWN",
    path_checker: "none",
    path_grouping_policy: "group_by_prio",
    failback: "immediate",
  });
  expect(BUILTIN_HWTABLE.find((e) => e.vendor === "(LIO-ORG|SUSE)")).toEqual({
    vendor: "(LIO-ORG|SUSE)",
    product: ".*",
    path_grouping_policy: "group_by_prio",
    failback: "immediate",
    no_path_retry: 12,
    prio: "alua",
    path_checker: "directio",
    detect_checker: "no",
  });
});

test("the one max_sectors_kb of the C table is not copied, as store_hwe does not copy it", () => {
  const loaded = parseConfigText("", "x", {}).config.devices;
  expect(loaded.some((e) => e.max_sectors_kb !== undefined)).toBe(false);
  expect(loaded).toHaveLength(137);
});
