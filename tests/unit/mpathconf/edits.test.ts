// mpathconf's edits as Red Hat's script makes them (cases from the
// behaviour catalogue): exact resulting text for each.
import { describe, expect, test } from "bun:test";
import {
  allow, disable, enable, ensureSections, isDisabled, setEnableForeign, setFindMultipaths, setOption, setPropertyBlacklist,
  setYesNo,
} from "../../../src/mpathconf/edits.ts";
import { TEMPLATE } from "../../../src/mpathconf/sections.ts";
import { statusReport } from "../../../src/mpathconf/status.ts";

const edit = (text: string, f: (l: string[]) => unknown) => {
  const l = text.split("\n");
  f(l);
  return l.join("\n");
};

describe("template and sections", () => {
  test("the default file is Red Hat's, 333 bytes", () => {
    expect(TEMPLATE.length).toBe(333);
    expect(TEMPLATE).toContain("defaults {\n\tuser_friendly_names yes\n\tfind_multipaths on\n}\n\nblacklist {\n}\n");
  });
  test("missing sections are appended, blacklist first", () => {
    expect(edit("# empty\n", ensureSections)).toBe("# empty\n\nblacklist {\n}\n\ndefaults {\n}\n");
  });
  test("an indented header is not a section: a duplicate is appended", () => {
    expect(edit("  defaults {\n}\nblacklist {\n}\n", ensureSections)).toBe("  defaults {\n}\nblacklist {\n}\n\ndefaults {\n}\n");
  });
});

describe("enable / disable", () => {
  test("disable inserts devnode after the blacklist header; enable comments it out", () => {
    const d = edit(TEMPLATE, disable);
    expect(d).toContain('blacklist {\n\tdevnode ".*"\n}');
    expect(isDisabled(d.split("\n"))).toBe(true);
    const e = edit(d, enable);
    expect(e).toContain('blacklist {\n#\tdevnode ".*"\n}');
    expect(edit(e, disable)).toContain('blacklist {\n\tdevnode ".*"\n}'); // un-commented, not duplicated
  });
  test('the glob form devnode "*" counts as disabled too', () => {
    const t = 'blacklist {\n        devnode "*"\n}\n';
    expect(isDisabled(t.split("\n"))).toBe(true);
    expect(edit(t, enable)).toBe('blacklist {\n#\tdevnode ".*"\n}\n');
  });
});

describe("settings in defaults", () => {
  const base = "defaults {\n\tuser_friendly_names no\n\tfind_multipaths yes # why\n}\nblacklist {\n}\n";
  test("user_friendly_names y turns no into yes; n turns yes into no; n without the line does nothing", () => {
    expect(edit(base, (l) => setYesNo(l, "user_friendly_names", true))).toContain("\tuser_friendly_names yes\n");
    expect(edit("defaults {\n}\n", (l) => setYesNo(l, "user_friendly_names", false))).toBe("defaults {\n}\n");
    expect(edit("defaults {\n}\n", (l) => setYesNo(l, "recheck_wwid", true))).toBe("defaults {\n\trecheck_wwid yes\n}\n");
  });
  test("find_multipaths: y is on, the trailing comment stays", () => {
    expect(edit(base, (l) => setFindMultipaths(l, "y"))).toContain("\tfind_multipaths on # why\n");
    expect(edit("defaults {\n}\n", (l) => setFindMultipaths(l, "smart"))).toBe("defaults {\n\tfind_multipaths smart\n}\n");
  });
  test("later inserts come first, right after the header", () => {
    const t = edit("defaults {\n}\n", (l) => (setFindMultipaths(l, "on"), setYesNo(l, "user_friendly_names", true)));
    expect(t).toBe("defaults {\n\tuser_friendly_names yes\n\tfind_multipaths on\n}\n");
  });
  test("--option: insert, replace, keep a matching prefix, quote values with spaces, delete", () => {
    expect(edit("defaults {\n}\n", (l) => setOption(l, "polling_interval", "10"))).toBe("defaults {\n\tpolling_interval 10\n}\n");
    expect(edit("defaults {\n  polling_interval 5\n}\n", (l) => setOption(l, "polling_interval", "10"))).toBe("defaults {\n\tpolling_interval 10\n}\n");
    const same = "defaults {\n  polling_interval 10 # keep\n}\n";
    expect(edit(same, (l) => setOption(l, "polling_interval", "10"))).toBe(same);
    expect(edit("defaults {\n}\n", (l) => setOption(l, "prio_args", "a b"))).toBe('defaults {\n\tprio_args "a b"\n}\n');
    expect(edit("defaults {\n\tpolling_interval 5\n\tpolling_interval 6\n\tx 1\n}\n", (l) => setOption(l, "polling_interval", "")))
      .toBe("defaults {\n\tx 1\n}\n");
  });
  test("enable_foreign y/n", () => {
    expect(edit("defaults {\n}\n", (l) => setEnableForeign(l, true))).toBe('defaults {\n\tenable_foreign ".*"\n}\n');
    expect(edit('defaults {\n\tenable_foreign "^$"\n}\n', (l) => setEnableForeign(l, true))).toBe('defaults {\n\tenable_foreign ".*"\n}\n');
    expect(edit('defaults {\n\tenable_foreign ".*"\n}\n', (l) => setEnableForeign(l, false))).toBe('defaults {\n#\tenable_foreign ".*"\n}\n');
    const none = 'defaults {\n\tenable_foreign "NONE"\n}\n';
    expect(edit(none, (l) => setEnableForeign(l, false))).toBe(none);
  });
});

describe("property blacklist and --allow", () => {
  test("property_blacklist y appends the exceptions section, n comments the line", () => {
    const y = edit("blacklist {\n}\n", (l) => setPropertyBlacklist(l, true));
    expect(y).toBe('blacklist {\n}\n\nblacklist_exceptions {\n\tproperty "(SCSI_IDENT_|ID_WWN)"\n}\n');
    expect(edit(y, (l) => setPropertyBlacklist(l, false))).toContain('#\tproperty "(SCSI_IDENT_|ID_WWN)"');
  });
  test("--allow: devnode commented, wwid .* blacklisted, old exceptions replaced, last argument first", () => {
    const t = 'blacklist {\n\tdevnode ".*"\n}\nblacklist_exceptions {\n\twwid "old"\n}\n';
    expect(edit(t, (l) => allow(l, ["W1", "W2"]))).toBe(
      'blacklist {\n\twwid ".*"\n#\tdevnode ".*"\n}\nblacklist_exceptions {\n\twwid "W2"\n\twwid "W1"\n}\n');
  });
});

describe("status report", () => {
  const host = { moduleLoaded: true, daemonRunning: false };
  test("the template (what a missing file reports)", () => {
    expect(statusReport(TEMPLATE.split("\n"), host, true)).toBe(
      "multipath is enabled\nfind_multipaths is on\nuser_friendly_names is enabled\nrecheck_wwid is disabled\n" +
        "default property blacklist is disabled\nenable_foreign is not set (no foreign multipath devices will be shown)\n" +
        "dm_multipath module is loaded\nmultipathd is not running\n");
  });
  test("1/0 read as yes/no; absent find_multipaths is off; --with_module n hides the module line", () => {
    const t = 'defaults {\n\tfind_multipaths 1\n\tuser_friendly_names 1\n\tenable_foreign "^$"\n}\nblacklist {\n\tdevnode "*"\n}\n';
    const s = statusReport(t.split("\n"), host, false);
    expect(s).toContain("multipath is disabled\nfind_multipaths is yes\nuser_friendly_names is enabled\n");
    expect(s).toContain("enable_foreign is set (no foreign multipath devices will be shown)");
    expect(s).not.toContain("dm_multipath");
    expect(statusReport(["defaults {", "}"], host, true)).toContain("find_multipaths is off\n");
  });
});
