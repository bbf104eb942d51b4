import { describe, expect, test } from "bun:test";
import { type AssembleInput, addFeature, assembleParams } from "../../../src/multipath/assemble.ts";

const base: AssembleInput = {
  features: "0", hwhandler: "0", selector: "service-time 0", noPathRetry: "undef", retainHwhandler: true,
  rrWeight: "uniform", minio: 1, bestGroup: 1, kernel: [6, 1],
  groups: [{ paths: [{ devt: "8:16", priority: 1 }] }, { paths: [{ devt: "8:32", priority: 1 }] }],
};

describe("add_feature", () => {
  test("appends and counts words", () => {
    expect(addFeature("0", "queue_if_no_path")).toBe("1 queue_if_no_path");
    expect(addFeature("2 pg_init_retries 50", "queue_if_no_path")).toBe("3 pg_init_retries 50 queue_if_no_path");
    expect(addFeature("0", "queue_mode bio")).toBe("2 queue_mode bio");
  });
  test("present features are not added twice; a prefix is not a match", () => {
    expect(addFeature("1 queue_if_no_path", "queue_if_no_path")).toBe("1 queue_if_no_path");
    expect(addFeature("1 queue_if_no_path_x", "queue_if_no_path")).toBe("2 queue_if_no_path_x queue_if_no_path");
  });
  test("a broken features string is left as it is (upstream logs and keeps it)", () => {
    expect(addFeature("x", "queue_if_no_path")).toBe("x");
  });
});

describe("assemble_map", () => {
  test("reference example 1: scsi_debug, failover, defaults", () => {
    expect(assembleParams(base)).toBe("0 0 2 1 service-time 0 1 1 8:16 1 service-time 0 1 1 8:32 1");
  });
  test("reference example 2: group_by_prio, alua, no_path_retry 12", () => {
    expect(assembleParams({
      ...base, hwhandler: "1 alua", noPathRetry: 12,
      groups: [
        { paths: [{ devt: "8:32", priority: 50 }, { devt: "8:112", priority: 50 }] },
        { paths: [{ devt: "8:192", priority: 1 }, { devt: "65:16", priority: 1 }] },
      ],
    })).toBe("1 queue_if_no_path 1 alua 2 1 service-time 0 2 1 8:32 1 8:112 1 service-time 0 2 1 8:192 1 65:16 1");
  });
  test("queueing stops once no_path_retry timed out; fail never queues", () => {
    expect(assembleParams({ ...base, noPathRetry: 12, queueingTimedOut: true }).startsWith("0 0 ")).toBe(true);
    expect(assembleParams({ ...base, noPathRetry: "fail" }).startsWith("0 0 ")).toBe(true);
    expect(assembleParams({ ...base, noPathRetry: "queue" }).startsWith("1 queue_if_no_path ")).toBe(true);
  });
  test("rr_weight priorities scales each path's repeat count", () => {
    expect(assembleParams({
      ...base, rrWeight: "priorities", minio: 2, selector: "round-robin 0",
      groups: [{ paths: [{ devt: "8:0", priority: 50 }, { devt: "8:16", priority: 0 }] }],
    })).toBe("0 0 1 1 round-robin 0 2 1 8:0 100 8:16 2");
  });
  test("retain_attached_hw_handler only for kernels before 4.3; no groups -> initial pg 0", () => {
    expect(assembleParams({ ...base, kernel: [4, 2], groups: [] })).toBe("1 retain_attached_hw_handler 0 0 0");
    expect(assembleParams({ ...base, kernel: [4, 3], groups: [] })).toBe("0 0 0 0");
  });
});
