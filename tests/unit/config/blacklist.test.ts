// Cases of upstream tests/blacklist.c, black-box: verdicts and the log
// line that explains each decision.
import { describe, expect, test } from "bun:test";
import {
  type Blacklist,
  type BlacklistDevice,
  filterDevice,
  filterDevnode,
  filterPath,
  filterProperty,
  filterProtocol,
  filterWwid,
  parseConfigText,
} from "../../../src/config/index.ts";

const empty = (): Blacklist => ({ devnode: [], wwid: [], property: [], protocol: [], device: [] });
const pats = (kind: "devnode" | "wwid" | "property" | "protocol", ...p: string[]): Blacklist => ({
  ...empty(),
  [kind]: p.map((pattern) => ({ pattern, origin: "config" as const })),
});
const devs = (...d: [string, string][]): Blacklist => ({
  ...empty(),
  device: d.map(([vendor, product]): BlacklistDevice => ({ vendor, product, origin: "config" })),
});
const defaults = parseConfigText("", "x", { nvmeNativeMultipath: false }).config;
const all = (kind: "devnode" | "wwid" | "protocol") => pats(kind, ".*");

describe("devnode", () => {
  test("blacklist, inverted blacklist", () => {
    expect(filterDevnode(pats("devnode", "sdb"), empty(), "sdb")).toEqual({
      verdict: "devnode-blacklisted",
      reason: "sdb: device node name blacklisted",
    });
    expect(filterDevnode(pats("devnode", "!sdb"), empty(), "sdb").verdict).toBe("nothing");
    expect(filterDevnode(pats("devnode", "!sdb"), empty(), "sdc").verdict).toBe("devnode-blacklisted");
  });
  test("exceptions win", () => {
    expect(filterDevnode(all("devnode"), pats("devnode", "sdb"), "sdb")).toEqual({
      verdict: "devnode-whitelisted",
      reason: "sdb: device node name whitelisted",
    });
    expect(filterDevnode(all("devnode"), pats("devnode", "sdb"), "sdc").verdict).toBe("devnode-blacklisted");
  });
  test("missing", () => {
    expect(filterDevnode(pats("devnode", "sdb"), empty(), "sdc").verdict).toBe("nothing");
  });
  test("the default devnode rule", () => {
    const b = defaults.blacklist;
    const e = empty();
    expect(filterDevnode(b, e, "sdaa").verdict).toBe("nothing");
    expect(filterDevnode(b, e, "nvme0n1").verdict).toBe("nothing");
    expect(filterDevnode(b, e, "dasda").verdict).toBe("nothing");
    expect(filterDevnode(b, e, "hda")).toEqual({ verdict: "devnode-blacklisted", reason: "hda: device node name blacklisted" });
    const nvmeNative = parseConfigText("", "x", { nvmeNativeMultipath: true }).config.blacklist;
    expect(filterDevnode(nvmeNative, e, "nvme0n1").verdict).toBe("devnode-blacklisted");
  });
});

describe("device", () => {
  test("blacklist with inverted vendor or product", () => {
    expect(filterDevice(devs(["foo", "bar"]), empty(), "foo", "bar", "sdb")).toEqual({
      verdict: "device-blacklisted",
      reason: "sdb: (foo:bar) vendor/product blacklisted",
    });
    expect(filterDevice(devs(["!foo", "bar"]), empty(), "foo", "bar", "sdb").verdict).toBe("nothing");
    expect(filterDevice(devs(["foo", "!bar"]), empty(), "foo", "bar", "sdb").verdict).toBe("nothing");
    expect(filterDevice(devs(["!foo", "bar"]), empty(), "baz", "bar", "sdb").reason).toBe(
      "sdb: (baz:bar) vendor/product blacklisted",
    );
    expect(filterDevice(devs(["foo", "!bar"]), empty(), "foo", "baz", "sdb").verdict).toBe("device-blacklisted");
  });
  test("exceptions", () => {
    expect(filterDevice(devs([".*", ".*"]), devs(["foo", "bar"]), "foo", "bar", "sdb")).toEqual({
      verdict: "device-whitelisted",
      reason: "sdb: (foo:bar) vendor/product whitelisted",
    });
    expect(filterDevice(devs([".*", ".*"]), devs(["foo", "bar"]), "foo", "baz", "sdb").verdict).toBe("device-blacklisted");
  });
  test("missing", () => {
    expect(filterDevice(devs(["foo", "bar"]), empty(), "foo", "baz", "sdb").verdict).toBe("nothing");
  });
});

describe("wwid", () => {
  test("blacklist", () => {
    expect(filterWwid(pats("wwid", "xyzzy"), empty(), "xyzzy", "sdb")).toEqual({
      verdict: "wwid-blacklisted",
      reason: "sdb: wwid xyzzy blacklisted",
    });
    expect(filterWwid(pats("wwid", "!xyzzy"), empty(), "xyzzy", "sdb").verdict).toBe("nothing");
    expect(filterWwid(pats("wwid", "!xyzzy"), empty(), "plugh", "sdb").reason).toBe("sdb: wwid plugh blacklisted");
  });
  test("exceptions and missing", () => {
    expect(filterWwid(all("wwid"), pats("wwid", "xyzzy"), "xyzzy", "sdb").reason).toBe("sdb: wwid xyzzy whitelisted");
    expect(filterWwid(all("wwid"), pats("wwid", "xyzzy"), "plugh", "sdb").verdict).toBe("wwid-blacklisted");
    expect(filterWwid(pats("wwid", "xyzzy"), empty(), "plugh", "sdb").verdict).toBe("nothing");
  });
});

describe("protocol", () => {
  test("blacklist, inverted", () => {
    expect(filterProtocol(pats("protocol", "scsi:fcp"), empty(), "scsi:fcp", "sdb").reason).toBe(
      "sdb: protocol scsi:fcp blacklisted",
    );
    expect(filterProtocol(pats("protocol", "!scsi:fcp"), empty(), "scsi:fcp", "sdb").verdict).toBe("nothing");
    expect(filterProtocol(pats("protocol", "!scsi:fcp"), empty(), "scsi:ata", "sdb").reason).toBe(
      "sdb: protocol scsi:ata blacklisted",
    );
  });
  test("exceptions and missing", () => {
    expect(filterProtocol(all("protocol"), pats("protocol", "scsi:fcp"), "scsi:fcp", "sdb").verdict).toBe("protocol-whitelisted");
    expect(filterProtocol(all("protocol"), pats("protocol", "scsi:fcp"), "scsi:iscsi", "sdb").reason).toBe(
      "sdb: protocol scsi:iscsi blacklisted",
    );
    expect(filterProtocol(pats("protocol", "scsi:fcp"), empty(), "scsi:iscsi", "sdb").verdict).toBe("nothing");
  });
});

describe("udev property", () => {
  const props = ["ID_FOO", "ID_WWN", "ID_BAR"];
  test("blacklist; inverted blacklists the first other property", () => {
    expect(filterProperty(pats("property", "ID_WWN"), empty(), "sdb", props, "ID_SERIAL").reason).toBe(
      "sdb: udev property ID_WWN blacklisted",
    );
    expect(filterProperty(pats("property", "!ID_WWN"), empty(), "sdb", props, "ID_SERIAL").reason).toBe(
      "sdb: udev property ID_FOO blacklisted",
    );
    expect(filterProperty(pats("property", "!ID_WWN"), empty(), "sdb", ["ID_WWN"], "ID_SERIAL").verdict).toBe("nothing");
  });
  test("exception", () => {
    expect(filterProperty(empty(), pats("property", "ID_WWN"), "sdb", props, "ID_SERIAL").reason).toBe(
      "sdb: udev property ID_WWN whitelisted",
    );
  });
  test("missing only counts when the uid attribute is present", () => {
    const p = ["ID_FOO", "ID_BAZ", "ID_BAR", "ID_SERIAL"];
    expect(filterProperty(pats("property", "ID_WWN"), empty(), "sdb", p, "ID_SERIAL")).toEqual({
      verdict: "property-missing",
      reason: "sdb: blacklisted, udev property missing",
    });
    expect(filterProperty(pats("property", "ID_WWN"), empty(), "sdb", p, "ID_BLAH").verdict).toBe("nothing");
    expect(filterProperty(pats("property", "ID_WWN"), empty(), "sdb", p, "").verdict).toBe("nothing");
    expect(filterProperty(pats("property", "ID_WWN"), empty(), "sdb", p, undefined).verdict).toBe("nothing");
  });
});

describe("filter_path order: property, devnode, device, protocol, wwid", () => {
  const path = {
    dev: "sdb",
    udevProperties: ["ID_FOO", "ID_WWN", "ID_BAR"],
    protocol: "scsi:fcp",
    vendor: "foo",
    product: "bar",
    wwid: "xyzzy",
  };
  const cfg = (bl: Partial<Blacklist>, el: Partial<Blacklist>) => ({
    ...defaults,
    blacklist: { ...empty(), ...bl },
    blacklistExceptions: { ...empty(), ...el },
  });
  const wwn = pats("property", "ID_WWN").property;
  test("property blacklist stops first", () => {
    expect(filterPath(cfg({ property: wwn }, {}), path)).toEqual({
      verdict: "property-blacklisted",
      log: ["sdb: udev property ID_WWN blacklisted"],
    });
  });
  test("each later criterion after a whitelisted property", () => {
    expect(filterPath(cfg({ devnode: pats("devnode", "sdb").devnode }, { property: wwn }), path)).toEqual({
      verdict: "devnode-blacklisted",
      log: ["sdb: udev property ID_WWN whitelisted", "sdb: device node name blacklisted"],
    });
    expect(filterPath(cfg({ device: devs(["foo", "bar"]).device }, { property: wwn }), path).verdict).toBe("device-blacklisted");
    expect(filterPath(cfg({ protocol: pats("protocol", "scsi:fcp").protocol }, { property: wwn }), path).verdict).toBe(
      "protocol-blacklisted",
    );
    expect(filterPath(cfg({ wwid: pats("wwid", "xyzzy").wwid }, { property: wwn }), path).verdict).toBe("wwid-blacklisted");
  });
  test("missing property with everything else blacklisted", () => {
    const bl = {
      property: wwn,
      devnode: pats("devnode", "sdb").devnode,
      device: devs(["foo", "bar"]).device,
      protocol: pats("protocol", "scsi:fcp").protocol,
      wwid: pats("wwid", "xyzzy").wwid,
    };
    const miss = { ...path, dev: "sdc", udevProperties: ["ID_FOO", "ID_BAZ", "ID_BAR", "ID_SERIAL"], uidAttribute: "ID_SERIAL" };
    expect(filterPath(cfg(bl, {}), { ...miss, protocol: "scsi:iscsi", product: "baz", wwid: "plugh" }).verdict).toBe(
      "property-missing",
    );
    expect(filterPath(cfg(bl, {}), { ...miss, protocol: "scsi:iscsi", product: "baz", wwid: "plugh", uidAttribute: "ID_EGGS" }).verdict).toBe(
      "nothing",
    );
  });
  test("everything whitelisted ends with the wwid exception", () => {
    const el = {
      property: wwn,
      devnode: pats("devnode", "sdb").devnode,
      device: devs(["foo", "bar"]).device,
      protocol: pats("protocol", "scsi:fcp").protocol,
      wwid: pats("wwid", "xyzzy").wwid,
    };
    expect(filterPath(cfg({}, el), path)).toEqual({
      verdict: "wwid-whitelisted",
      log: [
        "sdb: udev property ID_WWN whitelisted",
        "sdb: device node name whitelisted",
        "sdb: (foo:bar) vendor/product whitelisted",
        "sdb: protocol scsi:fcp whitelisted",
        "sdb: wwid xyzzy whitelisted",
      ],
    });
    expect(filterPath(cfg({ property: wwn }, { ...el, property: [] }), path).verdict).toBe("property-blacklisted");
  });
});

describe("from a config file", () => {
  test("`\\!` is a literal ! and `!` inverts", () => {
    const c = parseConfigText('blacklist {\n wwid "\\!x"\n devnode "!^sd"\n}\n', "t", {}).config;
    expect(filterWwid(c.blacklist, c.blacklistExceptions, "!x", "sda").verdict).toBe("wwid-blacklisted");
    expect(filterDevnode(c.blacklist, c.blacklistExceptions, "hda").verdict).toBe("devnode-blacklisted");
  });
});
