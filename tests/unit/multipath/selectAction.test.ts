import { describe, expect, test } from "bun:test";
import { type CurrentMap, type WantedMap, groupsDiffer, selectAction } from "../../../src/multipath/selectAction.ts";

const cur: CurrentMap = {
  wwid: "3600a", alias: "mpatha", sizeSectors: 2048, features: "1 queue_if_no_path", hwhandler: "1 alua",
  selector: "service-time 0", minio: 1, groups: [["8:0", "8:16"], ["8:32"]], nextGroup: 1, udevReady: true,
};
const want: WantedMap = {
  ...cur, bestGroup: 1, noPathRetrySet: true, retainHwhandler: "on", activePaths: 3, kernel: [6, 1],
};
const act = (w: Partial<WantedMap>, c: Partial<CurrentMap> = {}, force = false) =>
  selectAction({ ...want, ...w }, [{ ...cur, ...c }], force);

describe("select_action", () => {
  test("unchanged map: nothing", () => {
    const r = act({});
    expect(r.action).toBe("nothing");
    expect(r.logs).toEqual([{ level: 3, msg: "mpatha: set ACT_NOTHING (map unchanged)" }]);
  });
  test("missing map: create; its alias taken by another WWID falls back to the WWID", () => {
    expect(selectAction(want, [], false).action).toBe("create");
    const r = act({ wwid: "3600b" });
    expect(r.action).toBe("create");
    expect(r.alias).toBe("3600b");
    expect(r.logs[0]).toEqual({ level: 1, msg: '3600b: can\'t use alias "mpatha" used by 3600a, falling back to WWID' });
    expect(r.logs[1]!.msg).toBe("3600b: set ACT_CREATE (map does not exist, name changed)");
  });
  test("rename, alone and with a reload", () => {
    expect(act({ alias: "mpathz" }).action).toBe("rename");
    expect(act({ alias: "mpathz", selector: "round-robin 0" }).action).toBe("reload-rename");
    expect(act({ alias: "mpathz", sizeSectors: 4096 }).action).toBe("resize-rename");
  });
  test("rename to a name another map holds is impossible and keeps the old alias", () => {
    const r = selectAction({ ...want, alias: "mpathb" }, [cur, { ...cur, wwid: "3600b", alias: "mpathb" }], false);
    expect(r.action).toBe("impossible");
    expect(r.alias).toBe("mpatha");
    expect(r.logs[0]!.msg).toBe("3600a: unable to rename mpatha to mpathb (mpathb is used by 3600b)");
  });
  test("size changes, forced and udev-incomplete reloads drop the reload udev flag; other reloads keep it", () => {
    expect(act({ sizeSectors: 4096 }).forceUdevReload).toBe(true);
    expect(act({}, {}, true).forceUdevReload).toBe(true);
    expect(act({}, { udevReady: false }).forceUdevReload).toBe(true);
    expect(act({ selector: "round-robin 0" }).forceUdevReload).toBe(false);
    expect(act({}).forceUdevReload).toBe(false);
  });
  test("reasons in upstream's order", () => {
    expect(act({ sizeSectors: 4096 }).action).toBe("resize");
    expect(act({}, {}, true).reason).toBe("forced by user");
    expect(act({}, { udevReady: false }).reason).toBe("udev incomplete");
    expect(act({ activePaths: 0 }, { udevReady: false }).action).toBe("nothing");
    expect(act({ features: "0" }).reason).toBe("no_path_retry change");
    expect(act({ features: "0", noPathRetrySet: false }).action).toBe("nothing");
    expect(act({ hwhandler: "0" }, { hwhandler: "1 alua" }).action).toBe("nothing"); // retained handler
    expect(act({ hwhandler: "1 emc", retainHwhandler: "off" }).reason).toBe("hwhandler change");
    expect(act({ features: "3 queue_if_no_path pg_init_retries 50" }).reason).toBe("features change");
    expect(act({ selector: "round-robin 0" }).reason).toBe("selector change");
    expect(act({ minio: 2 }).reason).toBe("minio change");
    expect(act({ groups: [["8:0"], ["8:16", "8:32"]] }).reason).toBe("path group topology change");
    expect(act({ bestGroup: 2 }).action).toBe("switchpg");
  });
  test("group topology: order of groups and of paths within a group is free", () => {
    expect(groupsDiffer([["8:32"], ["8:16", "8:0"]], [["8:0", "8:16"], ["8:32"]])).toBe(false);
    expect(groupsDiffer([["8:0"], ["8:16"]], [["8:0", "8:16"]])).toBe(true);
    expect(groupsDiffer([[], ["8:0"]], [["8:0"], []])).toBe(false);
  });
});
