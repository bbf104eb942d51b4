// Every case of the table through the pure core (src/mpathconf/plan.ts):
// what is printed, the exit status, the file written and the modprobe /
// systemctl commands, against what Red Hat's script did in the same case
// (rh-observed.json: checked against the script of device-mapper-utils/
// multipath-tools branch "redhat", md5 a5558e4f..., last changed in
// c859a70d, identical on f44, rhel-9.8, rhel-10.0 and rhel-10.2; recorded
// 2025-12-01). Cases that need the real file system (modes, .old, symlinks,
// failed writes) are in tests/host/mpathconf/table.test.ts.
import { describe, expect, test } from "bun:test";
import { CONFIG_FILE, plan } from "../../../src/mpathconf/plan.ts";
import { CASES } from "./cases.ts";
import { DIFFERENCES } from "./differences.ts";
import { OBSERVED, fileSystemCase } from "./observed.ts";

describe("mpathconf decides as Red Hat's script", () => {
  for (const c of CASES) {
    const rh = OBSERVED[c.name];
    if (!rh) throw new Error(`no observation for ${c.name}`);
    if (fileSystemCase(c, rh)) continue;
    test(c.name, () => {
      const w = c.world ?? {};
      let moduleLoaded = Boolean(w.module);
      const p = plan(c.args, "/IMPL/mpathconf", {
        multipathDir: !w.noDir, config: c.conf, moduleLoaded: () => moduleLoaded, daemonRunning: () => Boolean(w.running),
        resolveAllow: (args) => [...new Set(args)], // no device-mapper here: every argument stands for itself
      });
      const commands: string[] = [];
      if (p.loadModule) commands.push("modprobe dm_multipath"), (moduleLoaded = (w.modprobeRc ?? 0) === 0);
      if (p.service) commands.push(`systemctl ${p.service} multipathd.service`);
      const rc = p.exit ?? (p.service ? (w.systemctlRc ?? 0) : 0);
      expect({ stdout: p.stdout, rc, commands }).toEqual({ stdout: rh.stdout, rc: rh.rc, commands: rh.commands });
      const key = p.write?.path === CONFIG_FILE ? "/etc/multipath.conf" : p.write?.path;
      // the written file only (the backup is the host tier's)
      const written = Object.fromEntries(Object.entries(rh.files).filter(([k]) => !k.startsWith("/etc/") || key === k));
      if (!p.write) return expect(written).toEqual({});
      // an /etc/multipath.conf written back unchanged is not recorded
      if (key === "/etc/multipath.conf" && !(key in written)) return expect(p.write.text).toBe(c.conf!);
      expect(Object.keys(written)).toEqual([key!]);
      const want = DIFFERENCES[c.name]?.planFile ?? written[key!]!.replace(/^\d+ /, "");
      expect(p.write.text).toBe(want);
    });
  }
});
