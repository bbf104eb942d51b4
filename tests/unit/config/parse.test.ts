// Whole-file parsing: sections, values as upstream normalises them,
// diagnostics with file/line/keyword/value, and the post-load merges.
import { describe, expect, test } from "bun:test";
import { BUILTIN_HWTABLE, ConfigSchema, parseConfigText } from "../../../src/config/index.ts";

const parse = (text: string) => parseConfigText(text, "t.conf", { nvmeNativeMultipath: false });
const messages = (text: string) => parse(text).diagnostics.map((d) => `${d.line}:${d.severity}:${d.message}`);

describe("values", () => {
  test("booleans accept yes/1 and no/0", () => {
    const c = parse("defaults {\n user_friendly_names 1\n skip_kpartx no\n deferred_remove 0\n}\n").config;
    expect(c.defaults.user_friendly_names).toBe("yes");
    expect(c.defaults.skip_kpartx).toBe("no");
    expect(c.defaults.deferred_remove).toBe("no");
  });
  test("no_path_retry: 0 is fail, queue, numbers", () => {
    expect(parse("defaults {\nno_path_retry 0\n}").config.defaults.no_path_retry).toBe("fail");
    expect(parse("defaults {\nno_path_retry queue\n}").config.defaults.no_path_retry).toBe("queue");
    expect(parse("defaults {\nno_path_retry 12\n}").config.defaults.no_path_retry).toBe(12);
  });
  test("integers are capped with a warning", () => {
    const r = parse("defaults {\n verbosity 7\n}\n");
    expect(r.config.defaults.verbosity).toBe(4);
    expect(r.diagnostics[0]).toMatchObject({
      severity: "warning",
      file: "t.conf",
      line: 2,
      keyword: "verbosity",
      value: "7",
      message: "value for verbosity too large, capping at 4",
    });
    expect(parse("defaults {\nuxsock_timeout 10\n}").config.defaults.uxsock_timeout).toBe(4000);
  });
  test("an invalid value keeps the previous one and says what is accepted", () => {
    const r = parse("defaults {\n no_path_retry 5\n no_path_retry soon\n}\n");
    expect(r.config.defaults.no_path_retry).toBe(5);
    const d = r.diagnostics.find((x) => x.message.startsWith("invalid value"))!;
    expect(d.line).toBe(3);
    expect(d.value).toBe("soon");
    expect(d.message).toContain('invalid value for no_path_retry: "soon"');
    expect(d.message).toContain('"queue"');
  });
  test("path_grouping_policy is matched by prefix, as strncmp does", () => {
    expect(parse("defaults {\npath_grouping_policy multibusXYZ\n}").config.defaults.path_grouping_policy).toBe("multibus");
  });
  test("features and path_selector need a correct argument count", () => {
    const r = parse('defaults {\nfeatures "2 pg_init_retries"\npath_selector "round-robin 0"\n}');
    expect(r.config.defaults.features).toBeUndefined();
    expect(r.diagnostics[0]!.message).toBe("invalid argument count for features:, got '2' expected '1'");
    expect(r.config.defaults.path_selector).toBe("round-robin 0");
  });
  test("fast_io_fail_tmo off / 0, dev_loss_tmo infinity", () => {
    const c = parse("defaults {\nfast_io_fail_tmo off\ndev_loss_tmo infinity\neh_deadline 0\n}").config;
    expect(c.defaults.fast_io_fail_tmo).toBe("off");
    expect(c.defaults.dev_loss_tmo).toBe("infinity");
    expect(c.defaults.eh_deadline).toBe(0);
  });
  test("flush_on_last_del yes/no are deprecated spellings of always/unused", () => {
    const r = parse("defaults {\nflush_on_last_del yes\n}");
    expect(r.config.defaults.flush_on_last_del).toBe("always");
    expect(r.diagnostics[0]!.message).toContain("deprecated value");
  });
  test("checker is an alias of path_checker", () => {
    expect(parse("defaults {\nchecker directio\n}").config.defaults.path_checker).toBe("directio");
  });
  test("find_multipaths accepts yes/no/on/off/greedy/smart/strict", () => {
    expect(parse("defaults {\nfind_multipaths yes\n}").config.defaults.find_multipaths).toBe("on");
    expect(parse("defaults {\nfind_multipaths 0\n}").config.defaults.find_multipaths).toBe("off");
    expect(parse("defaults {\nfind_multipaths smart\n}").config.defaults.find_multipaths).toBe("smart");
  });
  test("alias with a slash is refused", () => {
    const r = parse("multipaths {\nmultipath {\nwwid 1\nalias a/b\n}\n}");
    expect(r.config.multipaths[0]!.alias).toBeUndefined();
    expect(r.diagnostics[0]!.message).toBe("a/b cannot contain a slash. Ignoring");
  });
  test("polling: max defaults to 4x, or polling derives from max", () => {
    expect(parse("").config.defaults).toMatchObject({ polling_interval: 5, max_polling_interval: 20 });
    expect(parse("defaults {\npolling_interval 3\n}").config.defaults).toMatchObject({ polling_interval: 3, max_polling_interval: 12 });
    expect(parse("defaults {\nmax_polling_interval 40\n}").config.defaults).toMatchObject({ polling_interval: 10, max_polling_interval: 40 });
    expect(parse("defaults {\npolling_interval 50\nmax_polling_interval 40\n}").config.defaults).toMatchObject({
      polling_interval: 40,
    });
  });
  test("an invalid first polling_interval leaves upstream's 4294967294, as its handler does", () => {
    expect(parse("defaults {\npolling_interval -5\n}").config.defaults).toMatchObject({
      polling_interval: 4294967294,
      max_polling_interval: 4294967295,
    });
    expect(parse("defaults {\npolling_interval 7\npolling_interval x\n}").config.defaults.polling_interval).toBe(7);
  });
  test("sscanf %u semantics for ids and dev_loss_tmo: sign wraps, trailing text ignored", () => {
    const d = parse("defaults {\n gid -1x\n uid 4294967301\n dev_loss_tmo 12abc\n}\n").config.defaults;
    expect(d.gid).toBe(4294967295);
    expect(d.uid).toBe(5);
    expect(d.dev_loss_tmo).toBe(12);
    expect(parse("defaults {\n dev_loss_tmo -1\n}\n").config.defaults.dev_loss_tmo).toBe("infinity");
  });
  test("a product_blacklist that does not compile fails the load, as setup_default_blist does", () => {
    const r = parse('devices {\n device {\n vendor V\n product P\n product_blacklist "("\n }\n}\n');
    expect(r.failed).toBe(true);
    expect(r.diagnostics.at(-1)).toMatchObject({ severity: "error", keyword: "product_blacklist", value: "(" });
  });
  test("reservation_key forms; a bad key fails the whole load", () => {
    const ok = parse("defaults {\nreservation_key 0xABC:aptpl\n}");
    expect(ok.config.defaults.reservation_key).toEqual({ key: "abc", aptpl: true });
    expect(ok.failed).toBeUndefined();
    expect(parse("defaults {\nreservation_key file\n}").config.defaults.reservation_key).toBe("file");
    const bad = parse("defaults {\nreservation_key 0xZZ\n}");
    expect(bad.failed).toBe(true);
    expect(bad.diagnostics.some((d) => d.message.startsWith("parsing failed"))).toBe(true);
  });
});

describe("structure and diagnostics", () => {
  test("unknown keywords are reported with the section and skipped", () => {
    expect(messages("defaults {\n bogus 1\n}\n")).toEqual(["2:warning:invalid keyword in the defaults section: bogus"]);
    expect(messages("bogus {\n}\n")).toEqual([
      "1:warning:invalid keyword: bogus",
      "2:error:unmatched '}'",
      "2:warning:invalid keyword: }",
    ]);
  });
  test("duplicate unique keywords warn; the later value wins", () => {
    const r = parse("defaults {\n prio alua\n prio emc\n}\n");
    expect(r.config.defaults.prio).toBe("emc");
    expect(r.diagnostics.map((d) => d.message)).toEqual(["duplicate keyword: prio"]);
  });
  test("a missing final } is a warning", () => {
    expect(messages("defaults {\n prio alua\n")).toEqual(["0:warning:missing '}' at end of t.conf"]);
  });
  test("an unknown subsection's } closes the enclosing section, as upstream", () => {
    const r = parse("defaults {\n foo {\n  prio alua\n }\n prio emc\n}\n");
    expect(r.config.defaults.prio).toBe("alua");
    expect(r.diagnostics.map((d) => d.message)).toContain("invalid keyword: prio");
  });
  test("deprecated keywords are warned about once and ignored", () => {
    const r = parse("defaults {\n bindings_file /x\n}\ndefaults {\n bindings_file /y\n}\n");
    const dep = r.diagnostics.filter((d) => d.message.includes("deprecated option"));
    expect(dep).toHaveLength(1);
    expect(dep[0]!.message).toBe('ignoring deprecated option "bindings_file", using built-in value: "/etc/multipath/bindings"');
  });
  test("an invalid blacklist regex fails the load", () => {
    expect(parse('blacklist {\n devnode "sd[a"\n}\n').failed).toBe(true);
  });
  test("lines longer than 1023 bytes are split as fgets does", () => {
    const long = `defaults {\n prio_args "${"a".repeat(1100)}"\n}\n`;
    const r = parse(long);
    expect(r.config.defaults.prio_args).toBe("a".repeat(1023 - ' prio_args "'.length));
  });
  test("the result satisfies the zod schema", () => {
    const r = parse(
      'defaults {\n uid_attrs "sd:ID_SERIAL"\n mode 0640\n}\noverrides {\n protocol {\n type scsi:fcp\n fast_io_fail_tmo 3\n }\n}\n',
    );
    expect(() => ConfigSchema.parse(r.config)).not.toThrow();
    expect(r.config.defaults.mode).toBe(0o640);
  });
});

describe("merging", () => {
  test("the built-in table has 137 entries, 16 distinct product blacklists", () => {
    expect(BUILTIN_HWTABLE).toHaveLength(137);
    const r = parse("");
    expect(r.config.devices).toHaveLength(137);
    expect(r.config.blacklist.device.filter((d) => d.origin === "default")).toHaveLength(16);
    expect(r.config.blacklist.devnode).toEqual([{ pattern: "!^(sd[a-z]|dasd[a-z]|nvme[0-9])", origin: "default" }]);
  });
  test("a device without vendor or product is dropped with an error", () => {
    const r = parse('devices {\n device {\n product "x"\n }\n}\n');
    expect(r.config.devices).toHaveLength(137);
    expect(r.diagnostics.at(-1)!.message).toBe("device config in t.conf missing vendor or product parameter");
  });
  test("a user entry with a built-in's exact strings absorbs it and moves to the end", () => {
    const r = parse('devices {\n device {\n vendor "APPLE"\n product "Xserve RAID"\n no_path_retry 3\n }\n}\n');
    expect(r.config.devices).toHaveLength(137);
    expect(r.config.devices.at(-1)).toEqual({
      vendor: "APPLE",
      product: "Xserve RAID",
      no_path_retry: 3,
      path_grouping_policy: "multibus",
    });
  });
  test("merged entries fold features queue_if_no_path into no_path_retry", () => {
    const r = parse(
      'devices {\n device {\n vendor A\n product B\n features "1 queue_if_no_path"\n }\n device {\n vendor A\n product B\n }\n}\n',
    );
    expect(r.config.devices.at(-1)).toEqual({ vendor: "A", product: "B", features: "0", no_path_retry: "queue" });
  });
  test("multipaths entries: sorted by wwid, duplicates merged (later wins), no wwid dropped", () => {
    const r = parse(
      "multipaths {\n multipath {\n wwid b\n alias one\n }\n multipath {\n wwid a\n }\n multipath {\n wwid b\n alias two\n failback 5\n }\n multipath {\n alias x\n }\n}\n",
    );
    expect(r.config.multipaths).toEqual([{ wwid: "a" }, { wwid: "b", alias: "two", failback: 5 }]);
  });
  test("protocol subsections: without type dropped, same type merged", () => {
    const r = parse(
      "overrides {\n protocol {\n type scsi:fcp\n dev_loss_tmo 5\n }\n protocol {\n eh_deadline 1\n }\n protocol {\n type scsi:fcp\n fast_io_fail_tmo 2\n }\n}\n",
    );
    expect(r.config.overrides!.protocols).toEqual([{ type: "scsi:fcp", fast_io_fail_tmo: 2, dev_loss_tmo: 5 }]);
  });
  test("duplicate blacklist entries are removed, user entries stay first", () => {
    const r = parse('blacklist {\n devnode "^sda$"\n devnode "^sda$"\n device {\n vendor SGI\n product "Universal Xport"\n }\n}\n');
    expect(r.config.blacklist.devnode.map((d) => d.pattern)).toEqual(["^sda$", "!^(sd[a-z]|dasd[a-z]|nvme[0-9])"]);
    expect(r.config.blacklist.device[0]).toEqual({ vendor: "SGI", product: "Universal Xport", origin: "config" });
    expect(r.config.blacklist.device.filter((d) => d.vendor === "SGI")).toHaveLength(1);
  });
});
