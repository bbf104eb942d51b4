// The -t/-T printer: quoting, section layout, and what -T limits.
import { describe, expect, test } from "bun:test";
import { dumpConfig, parseConfigText } from "../../../src/config/index.ts";

const cfg = (text: string) => parseConfigText(text, "t.conf", { nvmeNativeMultipath: false }).config;
const section = (out: string, name: string) => {
  const start = out.indexOf(`\n${name} {\n`);
  const end = out.indexOf("\n}\n", start + 1);
  return out.slice(start + 1, end + 3);
};

describe("dumpConfig", () => {
  test("quotes strings, doubles embedded quotes, leaves numbers and off bare", () => {
    const out = dumpConfig(cfg('defaults {\n prio_args "a ""b"""\n fast_io_fail_tmo off\n dev_loss_tmo infinity\n failback 10\n no_path_retry queue\n}\n'));
    expect(out).toContain('\tprio_args "a ""b"""\n');
    expect(out).toContain("\tfast_io_fail_tmo off\n");
    expect(out).toContain('\tdev_loss_tmo "infinity"\n');
    expect(out).toContain("\tfailback 10\n");
    expect(out).toContain('\tno_path_retry "queue"\n');
  });
  test("mode/uid/gid print in octal; uid_attrs unquoted; reservation key bare", () => {
    const out = dumpConfig(cfg('defaults {\n mode 644\n uid 8\n uid_attrs "sd:ID_SERIAL dasd:ID_UID"\n reservation_key 0x00ff:aptpl\n}\n'));
    expect(out).toContain("\tmode 0644\n\tuid 010\n");
    expect(out).toContain("\tuid_attrs sd:ID_SERIAL dasd:ID_UID\n");
    expect(out).toContain("\treservation_key 0xff:aptpl\n");
  });
  test("overrides is always printed; multipaths only when entries exist", () => {
    const empty = dumpConfig(cfg(""));
    expect(empty.endsWith("overrides {\n}\n")).toBe(true);
    expect(empty).not.toContain("multipaths {");
    const out = dumpConfig(cfg("overrides {\n protocol {\n type scsi:fcp\n dev_loss_tmo 60\n }\n}\nmultipaths {\n multipath {\n wwid x\n alias y\n }\n}\n"));
    expect(section(out, "overrides")).toBe('overrides {\n\tprotocol {\n\t\ttype "scsi:fcp"\n\t\tdev_loss_tmo 60\n\t}\n}\n');
    expect(out.endsWith('multipaths {\n\tmultipath {\n\t\twwid "x"\n\t\talias "y"\n\t}\n}\n')).toBe(true);
  });
  test("a blacklist device without vendor loses its opening line, as upstream prints it", () => {
    const out = dumpConfig(cfg('blacklist {\n device {\n product "P"\n }\n}\n'));
    expect(section(out, "blacklist")).toContain('\tdevnode "!^(sd[a-z]|dasd[a-z]|nvme[0-9])"\n\t\tproduct "P"\n\t}\n');
  });
  test("-T: only the given device entries and maps, with alias comments", () => {
    const c = cfg("multipaths {\n multipath {\n wwid w1\n }\n multipath {\n wwid w2\n alias two\n }\n}\n");
    const out = dumpConfig(c, {
      hwtable: [c.devices[0]!],
      maps: [
        { wwid: "w1", alias: "mpatha" },
        { wwid: "w3", alias: "w3" },
      ],
    });
    expect(section(out, "devices").split("\tdevice {").length - 1).toBe(1);
    expect(out.endsWith('multipaths {\n\tmultipath {\n\t\twwid "w1"\n\t\t# alias "mpatha"\n\t}\n\tmultipath {\n\t\twwid "w3"\n\t}\n}\n')).toBe(
      true,
    );
  });
  test("defaults print compiled-in values when unset and set values otherwise", () => {
    expect(dumpConfig(cfg(""))).toContain('\tuser_friendly_names "no"\n');
    expect(dumpConfig(cfg("defaults {\n user_friendly_names yes\n}\n"))).toContain('\tuser_friendly_names "yes"\n');
    expect(dumpConfig(cfg("defaults {\n rr_min_io 0\n}\n"))).toContain("\trr_min_io 1000\n");
  });
});
