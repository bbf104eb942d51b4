// The bindings file under concurrency and crashes: many processes allocate
// names at once and none is lost or given twice; wwids likewise.
import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseBindings, userFriendlyAlias } from "../../../src/state/bindings.ts";
import { parseWwids, rememberWwid, removeWwid } from "../../../src/state/wwids.ts";

const REPO = resolve(import.meta.dir, "../../..");

describe("bindings", () => {
  test("the same WWID keeps its name; new WWIDs get the next", () => {
    const dir = mkdtempSync(join(tmpdir(), "bind-"));
    const path = join(dir, "bindings");
    try {
      const deps = { path, takenByOtherMap: () => false };
      expect(userFriendlyAlias("W1", "", "mpath", deps)).toBe("mpatha");
      expect(userFriendlyAlias("W2", "", "mpath", deps)).toBe("mpathb");
      expect(userFriendlyAlias("W1", "", "mpath", deps)).toBe("mpatha");
      expect(userFriendlyAlias("W3", "", "mpath", { ...deps, readOnly: true })).toBeUndefined();
      expect(parseBindings(readFileSync(path, "latin1")).map((b) => b.alias)).toEqual(["mpatha", "mpathb"]);
      // an existing map's name is kept for its WWID
      expect(userFriendlyAlias("W4", "mpathq", "mpath", deps)).toBe("mpathq");
      expect(readdirSync(dir)).toEqual(["bindings"]); // no temp files left
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("40 processes allocating at once: 40 distinct names, none lost", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bind-"));
    const path = join(dir, "bindings");
    try {
      const script = `import { userFriendlyAlias } from ${JSON.stringify(join(REPO, "src/state/bindings.ts"))};
const a = userFriendlyAlias(process.argv[2], "", "mpath", { path: ${JSON.stringify(path)}, takenByOtherMap: () => false });
console.log(a);`;
      const file = join(dir, "alloc.ts");
      writeFileSync(file, script);
      const procs = Array.from({ length: 40 }, (_, i) =>
        Bun.spawn([process.execPath, file, `WWID${i}`], { stdout: "pipe", stderr: "pipe" }));
      const names = await Promise.all(procs.map(async (p) => (await new Response(p.stdout).text()).trim()));
      expect(new Set(names).size).toBe(40);
      const bound = parseBindings(readFileSync(path, "latin1"));
      expect(bound).toHaveLength(40);
      expect(new Set(bound.map((b) => b.wwid)).size).toBe(40);
      for (let i = 0; i < 40; i++) expect(bound.find((b) => b.wwid === `WWID${i}`)?.alias).toBe(names[i]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("wwids", () => {
  test("add, re-add, remove; a corrupt line does not lose the rest", () => {
    const dir = mkdtempSync(join(tmpdir(), "wwids-"));
    const path = join(dir, "wwids");
    try {
      expect(rememberWwid("A", path)).toBe(true);
      expect(rememberWwid("A", path)).toBe(false);
      writeFileSync(path, readFileSync(path, "latin1") + "garbage line\n/B/\n");
      expect(rememberWwid("C", path)).toBe(true);
      expect(parseWwids(readFileSync(path, "latin1"))).toEqual(["A", "B", "C"]);
      expect(removeWwid("B", path)).toBe(true);
      expect(removeWwid("B", path)).toBe(false);
      expect(readFileSync(path, "latin1")).toContain("garbage line\n#B/\n/C/\n");
      expect(existsSync(join(dir, `.wwids.${process.pid}.tmp`))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
