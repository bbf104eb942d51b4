// Cases of upstream tests/features.c: adding and removing dm features and
// reconciling "queue_mode" with the map's queue mode.
import { describe, expect, test } from "bun:test";
import { addFeature, reconcileQueueMode, removeFeature } from "../../../src/config/features.ts";

describe("addFeature", () => {
  const cases: [string | undefined, string, string | undefined][] = [
    ["2 pg_init_retries 5", "", "2 pg_init_retries 5"],
    ["2 pg_init_retries 5", " ", "2 pg_init_retries 5"],
    ["2 pg_init_retries 5", "\tbad", "2 pg_init_retries 5"],
    ["2 pg_init_retries 5", "bad ", "2 pg_init_retries 5"],
    ["2 pg_init_retries 5", " bad ", "2 pg_init_retries 5"],
    [undefined, "test", "1 test"],
    [undefined, "test\t more", "2 test\t more"],
    [undefined, "test\neven\tmore", "3 test\neven\tmore"],
    ["4 this is a test", "test", "4 this is a test"],
    ["5 contest testy intestine test retest", "test", "5 contest testy intestine test retest"],
    ["3 contest testy intestine", "test", "4 contest testy intestine test"],
    ["bad", "test", "bad"],
    ["1bad", "test", "1bad"],
    ["0", "test", "1 test"],
    ["0", "this is a test", "4 this is a test"],
    ["1 features", "more values", "3 features more values"],
    ["2 one\ttwo", "three\t four", "4 one\ttwo three\t four"],
  ];
  for (const [start, add, end] of cases)
    test(`${JSON.stringify(start)} + ${JSON.stringify(add)}`, () => expect(addFeature(start, add)).toBe(end));
});

describe("removeFeature", () => {
  const cases: [string, string, string][] = [
    ["1 feature", "", "1 feature"],
    ["1 feature", " ", "1 feature"],
    ["1 feature", " bad", "1 feature"],
    ["1 feature", "bad\n", "1 feature"],
    ["1 feature", "\tbad  \n", "1 feature"],
    ["invalid feature test string", "test", "invalid feature test string"],
    ["2no space test", "test", "2no space test"],
    ["0", "test", "0"],
    ["1 detest", "test", "1 detest"],
    ["4 testing one two three", "test", "4 testing one two three"],
    ["1 contestant", "test", "1 contestant"],
    ["3 testament protest detestable", "test", "3 testament protest detestable"],
    ["1 test", "test", "0"],
    ["2 another\t test", "another\t test", "0"],
    ["2 feature1 feature2", "feature2", "1 feature1"],
    ["2 feature1 feature2", "feature1", "1 feature2"],
    ["3 test1 test\ttest2", "test", "2 test1 test2"],
    ["4 this\t is a test", "is a", "2 this\t test"],
    ["3 one more test", "more test", "1 one"],
  ];
  for (const [start, rm, end] of cases)
    test(`${JSON.stringify(start)} - ${JSON.stringify(rm)}`, () => expect(removeFeature(start, rm)).toBe(end));
});

describe("reconcileQueueMode", () => {
  type Q = "rq" | "bio" | undefined;
  const cases: [string, string | null, Q, Q][] = [
    ["0", null, undefined, undefined],
    ["1 queue_mode", null, undefined, undefined],
    ["queue_mode", null, undefined, undefined],
    ["2 queue_model bio", null, undefined, undefined],
    ["1 queue_if_no_path", null, undefined, undefined],
    ["2 queue_mode biop", "0", undefined, undefined],
    ["3 queue_mode rqs queue_if_no_path", "1 queue_if_no_path", undefined, undefined],
    ["2 queue_mode rq", null, undefined, "rq"],
    ["2 queue_mode mq", null, undefined, "rq"],
    ["2 queue_mode bio", null, undefined, "bio"],
    ["1 queue_if_no_path", "3 queue_if_no_path queue_mode bio", "bio", "bio"],
    ["0", "2 queue_mode bio", "bio", "bio"],
    ["2 pg_init_retries 50", "4 pg_init_retries 50 queue_mode bio", "bio", "bio"],
    ["2 queue_mode bad", "2 queue_mode bio", "bio", "bio"],
    ["3 queue_if_no_path queue_mode\tbad", "3 queue_if_no_path queue_mode bio", "bio", "bio"],
    ["2 queue_mode bio", null, "bio", "bio"],
    ["3 queue_if_no_path queue_mode bio", null, "bio", "bio"],
    ["3 queue_mode\nbio queue_if_no_path", null, "bio", "bio"],
    ["2\nqueue_mode\tbio", "0", "rq", "rq"],
    ["3 queue_if_no_path\nqueue_mode bio", "1 queue_if_no_path", "rq", "rq"],
    ["4 queue_mode bio pg_init_retries 20", "2 pg_init_retries 20", "rq", "rq"],
    ["0", null, "rq", "rq"],
    ["2 pg_init_retries 15", null, "rq", "rq"],
    ["2 queue_mode bionic", "0", "rq", "rq"],
    ["3 queue_mode b\nqueue_if_no_path", "1 queue_if_no_path", "rq", "rq"],
    ["2 queue_mode rq", null, "rq", "rq"],
    ["3 queue_mode\t \trq\nqueue_if_no_path", null, "rq", "rq"],
    ["2 queue_mode rq", "2 queue_mode bio", "bio", "bio"],
    ["3 queue_if_no_path\nqueue_mode rq", "3 queue_if_no_path queue_mode bio", "bio", "bio"],
    ["3 queue_mode rq\nqueue_if_no_path", "3 queue_if_no_path queue_mode bio", "bio", "bio"],
  ];
  for (const [start, end, q0, q1] of cases)
    test(`${JSON.stringify(start)} with ${q0 ?? "unset"}`, () =>
      expect(reconcileQueueMode(start, q0)).toEqual({ features: end ?? start, queueMode: q1 }));
});
