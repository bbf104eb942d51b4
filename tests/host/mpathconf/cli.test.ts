// mpathconf through the built binary, /etc/multipath.conf bind-mounted in a
// private mount namespace: the new file, the .old backup, and that a
// read-only directory, a full filesystem or an unparsable result never
// leave a damaged file behind.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const BIN = resolve(import.meta.dir, "../../../dist/mpathbox");
const dir = mkdtempSync(join(tmpdir(), "mpathconf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run mpathconf with `conf` as /etc/multipath.conf; `setup` runs first in the namespace. */
function mpathconf(conf: string | null, args: string[], setup = "") {
  if (!existsSync("/etc/multipath")) mkdirSync("/etc/multipath", { recursive: true });
  if (!existsSync("/etc/multipath.conf")) writeFileSync("/etc/multipath.conf", "");
  const file = join(dir, `in-${Math.random().toString(36).slice(2)}.conf`);
  writeFileSync(file, conf ?? "");
  const bind = conf === null ? "mount -t tmpfs tmpfs /etc/multipath && mount --bind /dev/null /etc/multipath.conf && rm -f /etc/multipath.conf 2>/dev/null; true" : `mount --bind "${file}" /etc/multipath.conf`;
  const p = Bun.spawnSync(["unshare", "-m", "sh", "-c", `${bind}; ${setup} exec "$@"`, "sh", BIN, "mpathconf", ...args]);
  return { rc: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() };
}

describe("mpathconf writes", () => {
  test("--enable on an empty file: both sections appended, new file mode 0600", () => {
    const out = join(dir, "new.conf");
    const r = mpathconf("", ["--enable", "--with_module", "n", "--outfile", out]);
    expect(r.rc).toBe(0);
    expect(readFileSync(out, "latin1")).toBe(`\nblacklist {\n}\n\ndefaults {\n}\n`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });
  test("an existing output file is kept as .old", () => {
    const out = join(dir, "kept.conf");
    writeFileSync(out, "old content\n");
    const r = mpathconf("defaults {\n}\nblacklist {\n}\n", ["--user_friendly_names", "y", "--outfile", out]);
    expect(r.rc).toBe(0);
    expect(readFileSync(`${out}.old`, "latin1")).toBe("old content\n");
    expect(readFileSync(out, "latin1")).toBe("defaults {\n\tuser_friendly_names yes\n}\nblacklist {\n}\n");
  });
  test("--allow needs --outfile; bad values are refused with status 1", () => {
    expect(mpathconf("", ["--allow", "X"]).out).toContain("you must set --outfile");
    const bad = mpathconf("", ["--user_friendly_names", "maybe"]);
    expect(bad.rc).toBe(1);
    expect(bad.out).toContain("--user_friendly_names must be either 'y' or 'n'");
    expect(mpathconf("", ["--bogus"]).rc).toBe(0); // usage, exit 0, as the script
  });
});

describe("mpathconf is safe with the file", () => {
  test("a read-only directory: error, the old file intact", () => {
    const ro = join(dir, "ro");
    mkdirSync(ro);
    writeFileSync(join(ro, "multipath.conf"), "precious\n");
    const r = mpathconf("defaults {\n}\nblacklist {\n}\n", ["--find_multipaths", "on", "--outfile", join(ro, "multipath.conf")],
      `mount --bind ${ro} ${ro} && mount -o remount,bind,ro ${ro};`);
    expect(r.rc).toBe(1);
    expect(readFileSync(join(ro, "multipath.conf"), "latin1")).toBe("precious\n");
  });
  test("a full filesystem: error, the old file intact, no partial file", () => {
    const full = join(dir, "full");
    mkdirSync(full);
    const out = join(full, "multipath.conf");
    const big = "x".repeat(300) + "\n";
    const r = mpathconf(`defaults {\n}\nblacklist {\n}\n# ${big.repeat(40)}`, ["--find_multipaths", "on", "--outfile", out],
      `mount -t tmpfs -o size=16k tmpfs ${full} && printf 'precious\\n' > ${out} && (dd if=/dev/zero of=${full}/fill bs=1k count=64 2>/dev/null; true) && `);
    expect(r.rc).toBe(1);
    expect(r.out).toContain("not updated");
  });
  test("a result that would not parse is refused", () => {
    const out = join(dir, "bad.conf");
    const r = mpathconf('blacklist {\n\tdevnode "("\n}\n', ["--user_friendly_names", "y", "--outfile", out]);
    expect(r.rc).toBe(1);
    expect(r.out).toContain("would not parse");
    expect(existsSync(out)).toBe(false);
  });
  test("status report", () => {
    const r = mpathconf('defaults {\n\tfind_multipaths smart\n}\nblacklist {\n\tdevnode ".*"\n}\n', ["--with_module", "n"]);
    expect(r.out).toBe("multipath is disabled\nfind_multipaths is smart\nuser_friendly_names is disabled\nrecheck_wwid is disabled\n" +
      "default property blacklist is disabled\nenable_foreign is not set (no foreign multipath devices will be shown)\nmultipathd is not running\n");
  });
});
