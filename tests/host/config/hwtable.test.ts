// Cases of upstream tests/hwtable.c, black-box: device sections written to
// a main file and to config_dir files, then the properties a mock path gets.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Config,
  filterDevice,
  findDeviceEntries,
  loadConfig,
  selectMapSettings,
  selectPathSettings,
} from "../../../src/config/index.ts";

type KV = [string, string][];
const root = mkdtempSync(join(tmpdir(), "mpb-hwt-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

const device = (kv: KV) => `\tdevice {\n${kv.map(([k, v]) => `\t\t${k} ${v}\n`).join("")}\t}\n`;
const section = (name: string, body: string) => `${name} {\n${body}}\n`;
const DEFAULTS = section("defaults", "\tdetect_prio no\n\tdetect_checker no\n");

/** main file and two config_dir files (test-00.conf, test-01.conf), like the C harness */
function load(main: string, dir: [string, string] = ["", ""]): Config {
  const d = join(root, `case${n++}`);
  mkdirSync(join(d, "conf.d"), { recursive: true });
  writeFileSync(join(d, "multipath.conf"), DEFAULTS + main);
  writeFileSync(join(d, "conf.d", "test-00.conf"), dir[0]);
  writeFileSync(join(d, "conf.d", "test-01.conf"), dir[1]);
  const r = loadConfig({ file: join(d, "multipath.conf"), configDir: join(d, "conf.d"), nvmeNativeMultipath: false });
  expect(r.failed).toBeUndefined();
  return r.config;
}
const devices = (...kvs: KV[]) => section("devices", kvs.map(device).join(""));

const WWID = "TEST-WWID";
function path(c: Config, vendor: string, product: string, wwid = WWID) {
  const s = selectPathSettings(c, { dev: "sdTEST", bus: "scsi", vendor, product, revision: "0", wwid });
  return { prio: s.prio.value, checker: s.path_checker.value, uid: s.uid_attribute.value, vpd: s.vpd_vendor.value };
}

const foo_bar: KV = [["vendor", "foo"], ["product", "bar"]];
const emc: [string, string] = ["prio", "emc"];
const hds: [string, string] = ["prio", "hds"];
const rdac: [string, string] = ["prio", "rdac"];
const hp: [string, string] = ["path_checker", "hp_sw"];
const vpd: [string, string] = ["vpd_vendor", "hp3par"];
const uidBaz: [string, string] = ["uid_attribute", "BAZ_ATTR"];
const t_oo: [string, string] = ["vendor", '"^.oo"'];
const ba_s: [string, string] = ["product", '"(bar|baz|ba\\.)$"'];

describe("upstream hwtable.c cases", () => {
  test("internal NVMe entries", () => {
    const c = load("");
    const s = selectPathSettings(c, { dev: "nvme0n1", bus: "nvme", vendor: "NVME", product: "NoName", revision: "0" });
    expect(s.path_checker.value).toBe("none");
    expect(s.uid_attribute.value).toBe("ID_WWN");
    const hwes = findDeviceEntries(c, { vendor: "NVME", product: "NoName", revision: "0" });
    const m = selectMapSettings(c, { wwid: "w", hwes, paths: [{ prio: s.prio.value }] });
    expect(m.path_grouping_policy.value).toBe("group_by_prio");
    expect(m.no_path_retry.value).toBeUndefined();
    const netapp = findDeviceEntries(c, { vendor: "NVME", product: "NetApp ONTAP Controller", revision: "0" });
    const m2 = selectMapSettings(c, { wwid: "w1", hwes: netapp, paths: [] });
    expect(m2.path_grouping_policy.value).toBe("group_by_prio");
    expect(m2.no_path_retry.value).toBe("queue");
  });
  test("string entry", () => {
    const c = load(devices([...foo_bar, emc]));
    expect(path(c, "foo", "bar").prio).toBe("emc");
    expect(path(c, "foo", "baz").prio).toBe("const");
    expect(path(c, "boo", "bar").prio).toBe("const");
  });
  test("quoted entry: doubled quotes stand for quotes", () => {
    const c = load(devices([["vendor", "foo"], ["product", '"""bar"""'], emc]));
    expect(path(c, "foo", '"bar"').prio).toBe("emc");
    expect(path(c, "foo", "bar").prio).toBe("const");
  });
  test("broken entry (no product) is ignored, in the main file and in config_dir", () => {
    for (const c of [load(devices([["vendor", "foo"], emc])), load("", [devices([["vendor", "foo"], emc]), ""])]) {
      expect(path(c, "foo", "bar").prio).toBe("const");
      expect(path(c, "boo", "bar").prio).toBe("const");
    }
  });
  test("regex entry", () => {
    const c = load(devices([t_oo, ba_s, emc]));
    expect(path(c, "foo", "bar").prio).toBe("emc");
    expect(path(c, "foo", "baz").prio).toBe("emc");
    expect(path(c, "boo", "bar").prio).toBe("emc");
    expect(path(c, "foo", "BAR").prio).toBe("const");
    expect(path(c, "bboo", "bar").prio).toBe("const");
  });
  const checkRegexString = (c: Config) => {
    expect(path(c, "foo", "baz")).toMatchObject({ prio: "emc", checker: "hp_sw", vpd: undefined });
    expect(path(c, "boo", "baz")).toMatchObject({ prio: "emc", checker: "hp_sw" });
    expect(path(c, ".oo", "ba.")).toMatchObject({ prio: "emc", checker: "hp_sw" });
    expect(path(c, ".oo", "(bar|baz|ba\\.)")).toMatchObject({ prio: "const", checker: "tur" });
    expect(path(c, "foo", "bar")).toMatchObject({ prio: "hds", checker: "hp_sw", vpd: "hp3par" });
  };
  test("regex then string entry", () => checkRegexString(load(devices([t_oo, ba_s, emc, hp], [...foo_bar, hds, vpd]))));
  test("regex then string entry in config_dir", () =>
    checkRegexString(load(devices([t_oo, ba_s, emc, hp]), [devices([...foo_bar, hds, vpd]), ""])));
  test("regex, two strings across main and config_dir", () => {
    const c = load(devices([["vendor", "foo"], ["product", "ba."], emc, hp]), [
      devices([...foo_bar, hds, uidBaz]),
      devices([["vendor", "foo"], ["product", "barz"], rdac, vpd]),
    ]);
    expect(path(c, "foo", "baz")).toMatchObject({ prio: "emc", uid: "ID_SERIAL", checker: "hp_sw" });
    expect(path(c, "boo", "baz")).toMatchObject({ prio: "const", uid: "ID_SERIAL", checker: "tur" });
    expect(path(c, "foo", "bar")).toMatchObject({ prio: "hds", uid: "BAZ_ATTR", checker: "hp_sw" });
    expect(path(c, "foo", "barz")).toMatchObject({ prio: "rdac", uid: "BAZ_ATTR", checker: "hp_sw" });
  });
  test("string then regex in config_dir: the later regex wins where it matches", () => {
    const c = load(devices([...foo_bar, hds, vpd]), [devices([t_oo, ba_s, emc, hp]), ""]);
    expect(path(c, "foo", "bar")).toMatchObject({ prio: "emc", checker: "hp_sw", vpd: "hp3par" });
    expect(path(c, "foo", "baz")).toMatchObject({ prio: "emc", checker: "hp_sw" });
    expect(path(c, ".oo", "(bar|baz|ba\\.)")).toMatchObject({ prio: "const", checker: "tur" });
  });
  const checkIdent = (c: Config) => {
    expect(path(c, "foo", "baz")).toMatchObject({ prio: "const", checker: "tur", vpd: undefined });
    expect(path(c, "foo", "bar")).toMatchObject({ prio: "hds", checker: "hp_sw", vpd: "hp3par" });
  };
  const kv1: KV = [...foo_bar, emc, hp];
  const kv2: KV = [...foo_bar, hds, vpd];
  test("two identical strings in one file", () => checkIdent(load(devices(kv1, kv2))));
  test("two identical strings in one config_dir file", () => checkIdent(load("", ["", devices(kv1, kv2)])));
  test("... with a previous entry in the main file", () => checkIdent(load(devices(foo_bar), ["", devices(kv1, kv2)])));
  test("two identical strings, main and config_dir", () => checkIdent(load(devices(kv1), [devices(kv2), ""])));
  test("three identical strings", () => checkIdent(load(devices(kv1), ["", devices(foo_bar, kv2)])));
  const oo: KV = [["vendor", ".oo"], ["product", "bar"]];
  test("two identical self-matching regexes", () => {
    checkIdent(load(devices([...oo, emc, hp]), [devices([...oo, hds, vpd]), ""]));
    checkIdent(load(devices([...oo, emc, hp], [...oo, hds, vpd])));
  });
  test("two identical non-self-matching regexes", () => {
    const t: KV = [t_oo, ["product", "bar"]];
    checkIdent(load(devices([...t, emc, hp]), [devices([...t, hds, vpd]), ""]));
  });
  test("two matching regexes", () => {
    const c = load(devices([["vendor", "foo"], ["product", '"ba[[rxy]"'], emc, hp]), [
      devices([["vendor", "foo"], ["product", '"ba[zy]"'], hds, vpd]),
      "",
    ]);
    expect(path(c, "foo", "bar")).toMatchObject({ prio: "emc", checker: "hp_sw", vpd: undefined });
    expect(path(c, "foo", "bay")).toMatchObject({ prio: "hds", checker: "hp_sw", vpd: "hp3par" });
    expect(path(c, "foo", "baz")).toMatchObject({ prio: "hds", checker: "tur", vpd: "hp3par" });
  });
  test("two regexes that do not match each other", () => {
    const c = load(devices([["vendor", "foo"], ["product", '"ba[zy]"'], emc, hp]), [
      devices([["vendor", "foo"], ["product", '"ba(z|y)"'], hds, vpd]),
      "",
    ]);
    expect(path(c, "foo", "bar")).toMatchObject({ prio: "const", checker: "tur" });
    expect(path(c, "foo", "baz")).toMatchObject({ prio: "hds", checker: "hp_sw", vpd: "hp3par" });
  });
  const bl = (c: Config, v: string, p: string) =>
    filterDevice(c.blacklist, c.blacklistExceptions, v, p, "sdTEST").verdict;
  test("blacklist device", () => {
    const c = load(section("blacklist", device(foo_bar)));
    expect(bl(c, "foo", "bar")).toBe("device-blacklisted");
    expect(bl(c, "foo", "baz")).toBe("nothing");
  });
  test("blacklist regex with an exception, either file order", () => {
    const a = load(section("blacklist", device([["vendor", "foo"], ba_s])), [section("blacklist_exceptions", device(foo_bar)), ""]);
    const b = load(section("blacklist_exceptions", device(foo_bar)), [section("blacklist", device([["vendor", "foo"], ba_s])), ""]);
    for (const c of [a, b]) {
      expect(bl(c, "foo", "bar")).toBe("device-whitelisted");
      expect(bl(c, "foo", "baz")).toBe("device-blacklisted");
      expect(bl(c, "foo", "bam")).toBe("nothing");
    }
  });
  test("product_blacklist of device entries", () => {
    const c = load(devices([...foo_bar, ["product_blacklist", "baz"]], [["vendor", "foo"], ["product", "baz"], ["product_blacklist", "bar"]]));
    expect(bl(c, "foo", "baz")).toBe("device-blacklisted");
    expect(bl(c, "foo", "bar")).toBe("device-blacklisted");
    expect(bl(c, "foo", "bam")).toBe("nothing");
  });
  test("multipaths entry beats device entries; other WWIDs do not see it", () => {
    const c = load(section("multipaths", `\tmultipath {\n\t\twwid ${WWID}\n\t\tprio rdac\n\t\trr_min_io_rq 99\n\t}\n`), [
      devices([...foo_bar, emc, uidBaz]),
      "",
    ]);
    const hwes = findDeviceEntries(c, { vendor: "foo", product: "bar", revision: "0" });
    expect(path(c, "foo", "bar")).toMatchObject({ prio: "rdac", uid: "BAZ_ATTR" });
    expect(selectMapSettings(c, { wwid: WWID, hwes, paths: [] }).rr_min_io_rq).toEqual({
      value: 99,
      origin: "(setting: multipath.conf multipaths section)",
    });
    expect(path(c, "foo", "bar", "other")).toMatchObject({ prio: "emc", uid: "BAZ_ATTR" });
    expect(selectMapSettings(c, { wwid: "other", hwes, paths: [] }).rr_min_io_rq.value).toBe(1);
  });
  test("two multipaths entries for one WWID merge, the later winning (across files and in one file)", () => {
    const e1 = `\tmultipath {\n\t\twwid ${WWID}\n\t\tprio rdac\n\t\tno_path_retry queue\n\t}\n`;
    const e2 = `\tmultipath {\n\t\twwid ${WWID}\n\t\trr_min_io_rq 99\n\t\tno_path_retry 37\n\t}\n`;
    for (const c of [load(section("multipaths", e1), ["", section("multipaths", e2)]), load(section("multipaths", e1 + e2))]) {
      const m = selectMapSettings(c, { wwid: WWID, hwes: [], paths: [] });
      expect(path(c, "foo", "bar").prio).toBe("rdac");
      expect(m.rr_min_io_rq.value).toBe(99);
      expect(m.no_path_retry.value).toBe(37);
    }
  });
});
