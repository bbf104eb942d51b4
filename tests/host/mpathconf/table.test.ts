// The built mpathconf in a world of its own (world.ts) for the cases of the
// table that touch the real file system and processes: argument handling,
// modprobe and systemctl, modes, .old backups, symlinks, directories,
// /dev/stdout, read-only and full filesystems, and every option on two
// inputs. Each asserts the exact exit status, stdout, stderr, files and
// commands Red Hat's script produced in the same world (rh-observed.json:
// device-mapper-utils/multipath-tools branch "redhat", script md5 a5558e4f...,
// recorded 2025-12-01), or mpathbox's own outcome where differences.ts says
// why it differs. The whole table also runs through the pure core in
// tests/unit/mpathconf/table.test.ts.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CASES } from "../../unit/mpathconf/cases.ts";
import { DIFFERENCES } from "../../unit/mpathconf/differences.ts";
import { OBSERVED, fileSystemCase } from "../../unit/mpathconf/observed.ts";
import { runWorld } from "./world.ts";

const root = mkdtempSync(join(tmpdir(), "mpathconf-world-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// the pure core runs the whole table (unit tier); here the cases where the
// real binary, files and processes add something, and a sample of the rest
const SAMPLED_INPUTS = ["rhdefault", "latin1"];
const SAMPLED_WORLDS = ["plain", "both", "modprobeFails", "runningSystemctlFails"];
const sampled = (name: string) => {
  const cross = name.match(/^([A-Za-z0-9]+)\//);
  if (cross) return SAMPLED_INPUTS.includes(cross[1]!);
  const service = name.match(/^service (\S+) /);
  return !service || SAMPLED_WORLDS.includes(service[1]!);
};

describe("mpathconf runs as Red Hat's script", () => {
  for (const c of CASES) {
    const rh = OBSERVED[c.name]!;
    if (!sampled(c.name) && !fileSystemCase(c, rh)) continue;
    test(c.name, () => {
      const got = runWorld(join(root, "w"), c);
      const d = DIFFERENCES[c.name];
      expect(got).toEqual(d ? d.run(rh) : rh);
    });
  }
});
