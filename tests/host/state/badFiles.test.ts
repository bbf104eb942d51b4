// Bad state files on a real filesystem: damaged, unreadable, unwritable.
// Each case: a clear message, the file's content never lost, bindings
// never duplicated, and the run goes on (maps fall back to WWID names).
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setLogSink, setVerbosity } from "../../../src/log.ts";
import { BINDINGS_HEADER, checkBindingsFile, parseBindings, userFriendlyAlias } from "../../../src/state/bindings.ts";
import { markFailedWwid, unmarkFailedWwid } from "../../../src/state/failedWwids.ts";
import { StateFileError, holdStateLock } from "../../../src/state/lockedFile.ts";
import { WWIDS_HEADER, addWwid, hasWwid, parseWwids, rememberWwid } from "../../../src/state/wwids.ts";

let dir: string;
let log: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "state-"));
  log = [];
  setVerbosity(3);
  setLogSink((level, msg) => log.push(`${level} ${msg}`));
});
afterEach(() => {
  setLogSink(undefined);
  setVerbosity(2);
  rmSync(dir, { recursive: true, force: true });
});
const deps = (path: string) => ({ path, takenByOtherMap: () => false });
// the writer's temporary file, made impossible to create: the write fails
const blockWrites = (file: string) => mkdirSync(join(dir, `.${file}.${process.pid}.tmp`));

describe("bindings file", () => {
  test("a new binding in a damaged file: every old line survives the rewrite, no alias is given twice", () => {
    const path = join(dir, "bindings");
    const damaged = `${BINDINGS_HEADER}mpatha W1\nmpathb W2\nmpathb W9\nmpathc\n# a note\ngarbage\x00\x00 W5\n`;
    writeFileSync(path, damaged, "latin1");
    // W9 lost its alias to W2's binding: it gets a new, unused one
    expect(userFriendlyAlias("W9", "", "mpath", deps(path))).toBe("mpathc");
    const text = readFileSync(path, "latin1");
    expect(parseBindings(text)).toEqual([{ alias: "mpatha", wwid: "W1" }, { alias: "mpathb", wwid: "W2" }, { alias: "mpathc", wwid: "W9" }]);
    for (const l of ["# discarded (mpathb is bound to W2): mpathb W9", "# discarded (missing WWID): mpathc", "# a note", "garbage\\u0000\\u0000 W5"]) {
      expect(text).toContain(l);
    }
    expect(log).toContain("0 ERROR: multiple bindings for alias \"mpathb\" in bindings file on line 10, discarding binding to WWID W9");
    expect(log).toContain("1 invalid line 11 in bindings file, missing WWID");
    expect(log).toContain(`1 updated bindings file ${path}`);
    expect(readdirSync(dir)).toEqual(["bindings"]);
  });
  test("the start-up check rewrites a file with conflicts, keeping the discarded lines as comments", () => {
    const path = join(dir, "bindings");
    writeFileSync(path, "mpatha W1\nmpatha W2\nmydata W3\n");
    expect(checkBindingsFile(new Map([["mydata", "W8"]]), { path })).toBe(true);
    const text = readFileSync(path, "latin1");
    expect(text.startsWith(BINDINGS_HEADER)).toBe(true);
    expect(parseBindings(text)).toEqual([{ alias: "mpatha", wwid: "W1" }]);
    expect(text).toContain("# discarded (mpatha is bound to W1): mpatha W2");
    expect(text).toContain("# discarded (multipath.conf names W8 mydata): mydata W3");
    expect(log).toContain(`2 invalid header in ${path}, it will be rewritten`);
    expect(log).toContain(`1 updated bindings file ${path}`);
    // a second check finds nothing to do
    log.length = 0;
    expect(checkBindingsFile(new Map([["mydata", "W8"]]), { path })).toBe(true);
    expect(log).toEqual([]);
  });
  test("read-only (-B): conflicts cannot be fixed and are fatal, as upstream; a bad header alone is not", () => {
    const path = join(dir, "bindings");
    writeFileSync(path, `${BINDINGS_HEADER}mpatha W1\nmpatha W2\n`);
    expect(checkBindingsFile(new Map(), { path, readOnly: true })).toBe(false);
    expect(log).toContain(`0 ERROR: bad settings in read-only bindings file ${path}`);
    expect(readFileSync(path, "latin1")).toBe(`${BINDINGS_HEADER}mpatha W1\nmpatha W2\n`);
    writeFileSync(path, "mpatha W1\n");
    expect(checkBindingsFile(new Map(), { path, readOnly: true })).toBe(true);
    expect(readFileSync(path, "latin1")).toBe("mpatha W1\n");
  });
  test("unreadable (a directory in its place): WWID names, a clear message, nothing written", () => {
    const path = join(dir, "bindings");
    mkdirSync(path);
    expect(userFriendlyAlias("W1", "", "mpath", deps(path))).toBeUndefined();
    expect(log.some((l) => l.startsWith(`0 cannot read ${path}: EISDIR`) && l.endsWith("keep their WWID as name"))).toBe(true);
    expect(readdirSync(path)).toEqual([]);
    expect(checkBindingsFile(new Map(), { path })).toBe(true);
  });
  test("unwritable: no alias is handed out that the file does not hold; the old file stays as it was", () => {
    const path = join(dir, "bindings");
    writeFileSync(path, `${BINDINGS_HEADER}mpatha W1\n`);
    blockWrites("bindings");
    expect(userFriendlyAlias("W2", "", "mpath", deps(path))).toBeUndefined();
    expect(log.some((l) => l.startsWith(`0 cannot write ${path}: EISDIR`))).toBe(true);
    expect(readFileSync(path, "latin1")).toBe(`${BINDINGS_HEADER}mpatha W1\n`);
    // an existing binding is still found
    expect(userFriendlyAlias("W1", "", "mpath", deps(path))).toBe("mpatha");
  });
});

describe("wwids file", () => {
  test("damaged lines are reported once, left where they are, and the new WWID is added after them", () => {
    const path = join(dir, "wwids");
    writeFileSync(path, `${WWIDS_HEADER}/A/\ngarbage\n/B/ trailing\n /C/\n/torn`);
    expect(hasWwid("B", path)).toBe(true); // as upstream's lookup_wwid: a line starting "/B/"
    expect(hasWwid("C", path)).toBe(false); // not at the line start
    expect(log).toEqual([]); // lookups are quiet (udev runs them per event)
    expect(rememberWwid("D", path)).toBe(true);
    expect(rememberWwid("E", path)).toBe(true);
    const text = readFileSync(path, "latin1");
    expect(text).toBe(`${WWIDS_HEADER}/A/\ngarbage\n/B/ trailing\n /C/\n/torn\n/D/\n/E/\n`);
    expect(parseWwids(text)).toEqual(["A", "B", "D", "E"]);
    expect(log.filter((l) => l.includes("not a \"/WWID/\" entry"))).toEqual([
      `2 ${path} line 7: not a "/WWID/" entry, left as it is: garbage`,
      `2 ${path} line 9: not a "/WWID/" entry, left as it is:  /C/`,
      `2 ${path} line 10: not a "/WWID/" entry, left as it is: /torn`,
    ]);
  });
  test("unreadable: lookups say no, adding refuses (a rewrite would lose the file), with messages", () => {
    const path = join(dir, "wwids");
    mkdirSync(path);
    expect(hasWwid("A", path)).toBe(false);
    expect(rememberWwid("A", path)).toBe(false);
    expect(() => addWwid("A", path)).toThrow(StateFileError);
    expect(log.filter((l) => l.startsWith(`0 cannot read ${path}: EISDIR`))).toHaveLength(2);
    expect(readdirSync(path)).toEqual([]);
  });
  test("unwritable: the file keeps its content, the caller hears why", () => {
    const path = join(dir, "wwids");
    writeFileSync(path, `${WWIDS_HEADER}/A/\n`);
    blockWrites("wwids");
    expect(rememberWwid("B", path)).toBe(false);
    expect(log.some((l) => l.startsWith(`0 cannot write ${path}: EISDIR`) && l.endsWith("wwid B not recorded"))).toBe(true);
    expect(readFileSync(path, "latin1")).toBe(`${WWIDS_HEADER}/A/\n`);
  });
});

describe("one lock for a run", () => {
  test("while a run holds the lock, another process's update waits for it, and both land", async () => {
    const path = join(dir, "wwids");
    const release = holdStateLock(dir);
    let released = false;
    try {
      expect(rememberWwid("MINE", path)).toBe(true);
      const script = `import { rememberWwid } from ${JSON.stringify(join(import.meta.dir, "../../../src/state/wwids.ts"))};
rememberWwid("THEIRS", ${JSON.stringify(path)}); console.log(Date.now());`;
      writeFileSync(join(dir, "other.ts"), script);
      const other = Bun.spawn([process.execPath, join(dir, "other.ts")], { stdout: "pipe" });
      await Bun.sleep(700);
      expect(parseWwids(readFileSync(path, "latin1"))).toEqual(["MINE"]); // still waiting
      const releasedAt = Date.now();
      release();
      released = true;
      const doneAt = Number((await new Response(other.stdout).text()).trim());
      expect(doneAt).toBeGreaterThanOrEqual(releasedAt);
      expect(parseWwids(readFileSync(path, "latin1"))).toEqual(["MINE", "THEIRS"]);
    } finally {
      if (!released) release();
    }
  }, 20_000);
});

describe("failed WWIDs", () => {
  test("marked once, unmarked once, no temporary files left", () => {
    const d = join(dir, "failed_wwids");
    expect(markFailedWwid("W1", d)).toBe(true);
    expect(markFailedWwid("W1", d)).toBe(false);
    expect(readdirSync(d)).toEqual(["W1"]);
    expect(unmarkFailedWwid("W1", d)).toBe(true);
    expect(unmarkFailedWwid("W1", d)).toBe(false);
    expect(existsSync(join(d, "W1"))).toBe(false);
    expect(readdirSync(d)).toEqual([]);
  });
});
