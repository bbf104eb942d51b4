import { describe, expect, test } from "bun:test";
import { formatHeader, formatLine, layout } from "../../../src/print/format.ts";
import { formatSize, printfFixed } from "../../../src/print/size.ts";
import { formatTopology } from "../../../src/print/topology.ts";
import { type MapView, PATH_FIELDS, type PathView } from "../../../src/print/views.ts";

const path = (hcil: string, dev: string, devt: string, over: Partial<PathView> = {}): PathView => {
  const [host, channel, id, lun] = hcil.split(":").map(Number) as [number, number, number, number];
  return {
    hcil: { host, channel, id, lun }, dev, devt, priority: 50, dmState: "active", checkerState: "up", inMap: true,
    vendor: "LIO-ORG", product: "disk01", rev: "4.0", ...over,
  };
};

describe("formatSize (upstream snprint_size)", () => {
  const cases: [number, string][] = [
    [16384, "8.0M"], [131072, "64M"], [2097152, "1.0G"], [20971520, "10G"], [1048576000, "500G"],
    [2, "1.0K"], [5, "2.0K"], [2047, "1023K"], [2048, "1.0M"], [2 ** 41, "1.0P"], [2 ** 52, "2048P"],
  ];
  for (const [sectors, want] of cases) test(`${sectors} sectors -> ${want}`, () => expect(formatSize(sectors)).toBe(want));
  test("exact halves round to even as printf does", () => {
    expect(printfFixed(1.25, 1)).toBe("1.2");
    expect(printfFixed(1.75, 1)).toBe("1.8");
    expect(printfFixed(10.5, 0)).toBe("10");
    expect(printfFixed(11.5, 0)).toBe("12");
    expect(printfFixed(2.3, 1)).toBe("2.3");
  });
});

describe("format engine", () => {
  test("fields are padded to the widest value; unknown wildcards vanish", () => {
    const ps = [path("3:0:0:1", "sdc", "8:32"), path("4:0:0:1", "sdh", "8:112")];
    const w = layout(PATH_FIELDS, ps);
    expect(formatLine(PATH_FIELDS, "%d %D %t|%q|", ps[0]!, w)).toBe("sdc 8:32  active||\n");
  });
  test("header widths count the header names", () => {
    const ps = [path("3:0:0:1", "sdc", "8:32")];
    const w = layout(PATH_FIELDS, ps, { withHeader: true });
    expect(formatHeader(PATH_FIELDS, "%d %D %p", w)).toBe("dev dev_t pri\n");
    expect(formatLine(PATH_FIELDS, "%d %D %p", ps[0]!, w)).toBe("sdc 8:32  50 \n");
  });
});

describe("multipath -ll topology block", () => {
  test("two groups, alua, queueing (layout of the reference's -ll)", () => {
    const m: MapView = {
      alias: "mpatha", wwid: "36001405d27e5d898829468b90ce4ef8c", dm: { minor: 2, readOnly: false },
      sizeSectors: 2097152, features: "1 queue_if_no_path", hwhandler: "1 alua",
      groups: [
        { selector: "service-time 0", priority: 50, state: "active",
          paths: [path("3:0:0:1", "sdc", "8:32"), path("4:0:0:1", "sdh", "8:112")] },
        { selector: "service-time 0", priority: 10, state: "enabled",
          paths: [path("5:0:0:1", "sdm", "8:192", { priority: 10 }), path("6:0:0:1", "sdr", "65:16", { priority: 10 })] },
      ],
    };
    expect(formatTopology(m, { verbosity: 2 })).toBe(
      "mpatha (36001405d27e5d898829468b90ce4ef8c) dm-2 LIO-ORG,disk01\n" +
        "size=1.0G features='1 queue_if_no_path' hwhandler='1 alua' wp=rw\n" +
        "|-+- policy='service-time 0' prio=50 status=active\n" +
        "| |- 3:0:0:1 sdc 8:32  active ready running\n" +
        "| `- 4:0:0:1 sdh 8:112 active ready running\n" +
        "`-+- policy='service-time 0' prio=10 status=enabled\n" +
        "  |- 5:0:0:1 sdm 8:192 active ready running\n" +
        "  `- 6:0:0:1 sdr 65:16 active ready running\n",
    );
  });
  test("captured from the reference in the VM: one group, a failed path", () => {
    const p = (h: number, dev: string, devt: string, dmState: "active" | "failed" = "active") =>
      path(`${h}:0:0:0`, dev, devt, { dmState, vendor: "Linux", product: "scsi_debug", priority: 27 });
    const m: MapView = {
      alias: "mpatha", wwid: "1Linux_scsi_debug_2000", dm: { minor: 0, readOnly: false }, sizeSectors: 131072,
      features: "0", hwhandler: "0",
      groups: [{ selector: "service-time 0", priority: 27, state: "active",
        paths: [p(0, "sda", "8:0"), p(1, "sdc", "8:32"), p(2, "sde", "8:64", "failed"), p(3, "sdg", "8:96")] }],
    };
    expect(formatTopology(m, { verbosity: 2 })).toBe(
      "mpatha (1Linux_scsi_debug_2000) dm-0 Linux,scsi_debug\n" +
        "size=64M features='0' hwhandler='0' wp=rw\n" +
        "`-+- policy='service-time 0' prio=27 status=active\n" +
        "  |- 0:0:0:0 sda 8:0  active ready running\n" +
        "  |- 1:0:0:0 sdc 8:32 active ready running\n" +
        "  |- 2:0:0:0 sde 8:64 failed ready running\n" +
        "  `- 3:0:0:0 sdg 8:96 active ready running\n",
    );
  });
  test("create output: action prefix, undef sysfs and states; no (wwid) when alias is the wwid", () => {
    const m: MapView = {
      wwid: "3600a", sizeSectors: 16384, features: "0", hwhandler: "0", action: "create",
      groups: [{ selector: "round-robin 0", priority: 1, state: "undef",
        paths: [path("0:0:0:0", "sda", "8:0", { dmState: "undef", priority: 1 })] }],
    };
    expect(formatTopology(m, { verbosity: 2 })).toBe(
      "create: 3600a undef LIO-ORG,disk01\n" +
        "size=8.0M features='0' hwhandler='0' wp=undef\n" +
        "`-+- policy='round-robin 0' prio=1 status=undef\n" +
        "  `- 0:0:0:0 sda 8:0 undef ready running\n",
    );
    expect(formatTopology({ ...m, action: "other" }, { verbosity: 2 }).startsWith(": 3600a undef")).toBe(true);
  });
  test("verbosity 1 prints the name only, 0 nothing; bold on a tty", () => {
    const m: MapView = { alias: "mp", wwid: "w", sizeSectors: 0, features: "0", hwhandler: "0", groups: [] };
    expect(formatTopology(m, { verbosity: 1 })).toBe("mp\n");
    expect(formatTopology(m, { verbosity: 0 })).toBe("");
    expect(formatTopology(m, { verbosity: 2, bold: true })).toBe(
      "\x1b[1mmp (w) undef ##,##\x1b[0m\nsize=0.0K features='0' hwhandler='0' wp=undef\n",
    );
  });
});
