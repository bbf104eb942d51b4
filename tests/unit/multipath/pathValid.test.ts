// is_path_valid's decisions with the cases of upstream's tests/valid.c: each
// case answers the probe's questions up to a stage, and the questions asked
// past the decision point must not be asked at all (the cmocka mocks'
// "will_return" queues, here a record of calls).
import { describe, expect, test } from "bun:test";
import { type ValidityProbe, decidePathValidity } from "../../../src/multipath/pathValid.ts";
import type { FindMultipaths } from "../../../src/multipath/coalesce.ts";

type Stage = "held" | "daemon" | "devtype" | "pathinfo" | "failed" | "inuse" | "wwids" | "map";

/** A probe that passes every question (as upstream's setup_passing) unless overridden. */
function probe(over: Partial<ValidityProbe> = {}, wwid = "test-wwid") {
  const asked: Stage[] = [];
  const p: ValidityProbe = {
    heldBy: () => (asked.push("held"), undefined),
    devtype: () => (asked.push("devtype"), "disk"),
    pathinfo: () => (asked.push("pathinfo"), { result: "ok", wwid }),
    failedWwid: () => (asked.push("failed"), "not-failed"),
    inUse: () => (asked.push("inuse"), false),
    inWwidsFile: () => (asked.push("wwids"), false),
    mapExists: () => (asked.push("map"), false),
  };
  const wrap = <K extends keyof ValidityProbe>(k: K, stage: Stage) => {
    const f = over[k];
    if (f) (p as Record<string, unknown>)[k] = (...a: never[]) => (asked.push(stage), (f as (...x: never[]) => unknown)(...a));
  };
  wrap("heldBy", "held");
  wrap("daemonRunning", "daemon");
  wrap("devtype", "devtype");
  wrap("pathinfo", "pathinfo");
  wrap("failedWwid", "failed");
  wrap("inUse", "inuse");
  wrap("inWwidsFile", "wwids");
  wrap("mapExists", "map");
  return { p, asked };
}

const decide = (mode: FindMultipaths, over: Partial<ValidityProbe> = {}, wwid?: string) => {
  const { p, asked } = probe(over, wwid);
  return { ...decidePathValidity(mode, p), asked };
};

describe("is_path_valid (upstream tests/valid.c)", () => {
  test("sysfs_is_multipathed: a device held by a map is valid without checks; a map without a WWID is an error", () => {
    expect(decide("strict", { heldBy: () => "test_wwid" })).toEqual({ validity: "valid-no-check", wwid: "test_wwid", asked: ["held"] });
    expect(decide("strict", { heldBy: () => "" })).toEqual({ validity: "error", asked: ["held"] });
  });
  test("check_multipathd: the daemon not running makes the path not valid; running or busy (EAGAIN) goes on", () => {
    expect(decide("strict", { daemonRunning: () => false })).toEqual({ validity: "not-valid", asked: ["held", "daemon"] });
    const missing = decide("strict", { daemonRunning: () => true, devtype: () => "missing" });
    expect(missing.validity).toBe("error");
    expect(missing.asked).toEqual(["held", "daemon", "devtype"]);
    expect(decide("strict", { daemonRunning: () => true, devtype: () => "partition" }).validity).toBe("not-valid");
    expect(decide("strict", { daemonRunning: () => true, devtype: () => "other" }).validity).toBe("not-valid");
  });
  test("pathinfo: blacklisted is not valid, failure is an error, a blank WWID is not valid", () => {
    expect(decide("strict", { pathinfo: () => ({ result: "skipped" }) })).toEqual({ validity: "not-valid", asked: ["held", "devtype", "pathinfo"] });
    expect(decide("strict", { pathinfo: () => ({ result: "failed" }) }).validity).toBe("error");
    expect(decide("strict", {}, "")).toEqual({ validity: "not-valid", asked: ["held", "devtype", "pathinfo"] });
  });
  test("is_failed_wwid: a failed WWID is not valid, an error checking it is an error", () => {
    expect(decide("strict", { failedWwid: () => "failed" })).toEqual({ validity: "not-valid", wwid: "test-wwid", asked: ["held", "devtype", "pathinfo", "failed"] });
    expect(decide("strict", { failedWwid: () => "error" }).validity).toBe("error");
  });
  test("greedy: valid once not failed and not in use, with or without the daemon check", () => {
    expect(decide("greedy", { daemonRunning: () => true })).toEqual({
      validity: "valid", wwid: "test-wwid", asked: ["held", "daemon", "devtype", "pathinfo", "failed", "inuse"],
    });
    expect(decide("greedy").validity).toBe("valid");
    expect(decide("greedy", { inUse: () => true }).validity).toBe("not-valid");
  });
  test("check_wwids: a WWID in the wwids file is valid without checks", () => {
    expect(decide("strict", { daemonRunning: () => true, inWwidsFile: () => true })).toEqual({
      validity: "valid-no-check", wwid: "test-wwid", asked: ["held", "daemon", "devtype", "pathinfo", "failed", "wwids"],
    });
  });
  test("check_uuid_present: a map with the WWID makes the path valid", () => {
    expect(decide("strict", { daemonRunning: () => true, mapExists: () => true })).toEqual({
      validity: "valid", wwid: "test-wwid", asked: ["held", "daemon", "devtype", "pathinfo", "failed", "wwids", "map"],
    });
  });
  test("find_multipaths: strict, off and on say not valid at the end; smart says maybe", () => {
    for (const mode of ["strict", "off", "on"] as FindMultipaths[]) {
      expect(decide(mode)).toEqual({ validity: "not-valid", wwid: "test-wwid", asked: ["held", "devtype", "pathinfo", "failed", "wwids", "map"] });
    }
    expect(decide("smart")).toEqual({ validity: "maybe", wwid: "test-wwid", asked: ["held", "devtype", "pathinfo", "failed", "inuse", "wwids", "map"] });
    expect(decide("smart", { inUse: () => true }).validity).toBe("not-valid");
  });
});
