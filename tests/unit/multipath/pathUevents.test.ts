// Which paths of a map get a synthetic uevent (trigger_path_udev_change).
import { describe, expect, test } from "bun:test";
import { needsUevent } from "../../../src/multipath/pathUevents.ts";

const udev = (p: Record<string, string>) => new Map(Object.entries(p));

describe("path uevents after a map change", () => {
  test("becoming a member: always, unless udev already claimed it and no find_multipaths wait runs", () => {
    expect(needsUevent(udev({}), true)).toBe(true);
    expect(needsUevent(null, true)).toBe(true); // not yet seen by udev
    expect(needsUevent(udev({ DM_MULTIPATH_DEVICE_PATH: "0" }), true)).toBe(true);
    expect(needsUevent(udev({ DM_MULTIPATH_DEVICE_PATH: "1" }), true)).toBe(false);
    expect(needsUevent(udev({ DM_MULTIPATH_DEVICE_PATH: "1", FIND_MULTIPATHS_WAIT_UNTIL: "0" }), true)).toBe(false);
    expect(needsUevent(udev({ DM_MULTIPATH_DEVICE_PATH: "1", FIND_MULTIPATHS_WAIT_UNTIL: "1733.5" }), true)).toBe(true);
  });
  test("being released (a failed create): only paths udev had claimed", () => {
    expect(needsUevent(udev({ DM_MULTIPATH_DEVICE_PATH: "1" }), false)).toBe(true);
    expect(needsUevent(udev({ DM_MULTIPATH_DEVICE_PATH: "2" }), false)).toBe(true);
    expect(needsUevent(udev({ DM_MULTIPATH_DEVICE_PATH: "0" }), false)).toBe(false);
    expect(needsUevent(udev({}), false)).toBe(false);
    expect(needsUevent(null, false)).toBe(false);
  });
});
