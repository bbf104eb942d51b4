import { describe, expect, test } from "bun:test";
import { getopt } from "../../src/cli/getopt.ts";

const MP = ":adDcChl::eFfM:v:p:b:BrR:itTquUwW";

describe("getopt (glibc semantics)", () => {
  test("-ll is -l with optional argument 'l'", () => {
    expect(getopt(["-ll"], { short: MP }).opts).toEqual([{ opt: "l", arg: "l" }]);
  });
  test("-lv3 is -l with argument 'v3', not -l -v3", () => {
    expect(getopt(["-lv3"], { short: MP }).opts).toEqual([{ opt: "l", arg: "v3" }]);
  });
  test("-v3 and -v 3 both give the argument", () => {
    expect(getopt(["-v3"], { short: MP }).opts).toEqual([{ opt: "v", arg: "3" }]);
    expect(getopt(["-v", "3"], { short: MP }).opts).toEqual([{ opt: "v", arg: "3" }]);
  });
  test("operands are permuted out of the options", () => {
    const r = getopt(["sda", "-d", "-v2"], { short: MP });
    expect(r.operands).toEqual(["sda"]);
    expect(r.opts.map((o) => o.opt)).toEqual(["d", "v"]);
  });
  test("clustered flags", () => {
    expect(getopt(["-dr"], { short: MP }).opts.map((o) => o.opt)).toEqual(["d", "r"]);
  });
  test("missing and unknown are errors", () => {
    expect(getopt(["-v"], { short: MP }).error).toEqual({ kind: "missing", option: "v" });
    expect(getopt(["-x"], { short: MP }).error).toEqual({ kind: "unknown", option: "x" });
  });
  test("-- ends options", () => {
    expect(getopt(["--", "-d"], { short: MP }).operands).toEqual(["-d"]);
  });
  test("long options with = and separate argument, and unique prefixes", () => {
    const long = {
      device: { arg: "required", val: "d" },
      "read-keys": { arg: "none", val: "k" },
      "read-reservation": { arg: "none", val: "r" },
    } as const;
    expect(getopt(["--device=/dev/x"], { short: "d:kr", long }).opts).toEqual([{ opt: "d", arg: "/dev/x" }]);
    expect(getopt(["--device", "/dev/x"], { short: "d:kr", long }).opts).toEqual([{ opt: "d", arg: "/dev/x" }]);
    expect(getopt(["--read-k"], { short: "d:kr", long }).opts).toEqual([{ opt: "k" }]);
    expect(getopt(["--read"], { short: "d:kr", long }).error?.kind).toBe("ambiguous");
  });
});
