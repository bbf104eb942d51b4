// Runs the built mpathconf in a world of its own: a private mount namespace
// with an overlay on /etc (so /etc/multipath.conf can be anything, or
// nothing, without touching the host), systemd present (/run/systemd/system),
// dm_multipath loaded or not (/sys/module), and modprobe and systemctl as
// small scripts that log what they were asked and end as the case says.
// The same world ran Red Hat's script to record rh-observed.json (its
// `/bin/systemctl status` and `lsmod` are the ones faked for it).
import {
  chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import type { Case } from "../../unit/mpathconf/cases.ts";

const BIN = resolve(import.meta.dir, "../../../dist/mpathbox");

export type Outcome = { rc: number; stdout: string; stderr: string; files: Record<string, string>; commands: string[] };

const FAKE_MODPROBE = `#!/bin/sh
echo "modprobe $*" >> "$WORLD/log"
rc=$(cat "$WORLD/state/modprobe_rc" 2>/dev/null || echo 0)
if [ "$rc" = 0 ]; then mkdir -p /sys/module/dm_multipath; else echo "modprobe: FATAL: Module dm_multipath not found in directory /lib/modules/x" >&2; fi
exit $rc
`;
const FAKE_LSMOD = `#!/bin/sh
echo "Module                  Size  Used by"
if [ -e /sys/module/dm_multipath ]; then echo "dm_multipath           45056  0"; echo "dm_mod                184320  1 dm_multipath"
else echo "dm_mod                184320  0"; fi
`;
const FAKE_SYSTEMCTL = `#!/bin/sh
echo "systemctl $*" >> "$WORLD/log"
case "$1" in status) [ -e "$WORLD/state/running" ] && exit 0; exit 3;; esac
rc=$(cat "$WORLD/state/systemctl_rc" 2>/dev/null || echo 0)
if [ "$rc" != 0 ]; then echo "Job for multipathd.service failed." >&2; exit $rc; fi
case "$1" in start) touch "$WORLD/state/running";; stop) rm -f "$WORLD/state/running";; esac
exit 0
`;
// builds the world inside the namespace, runs mpathconf, copies out what it left
const WORLD_SH = `set -e
mount --make-rprivate /
W=$WORLD
mkdir -p $W/up $W/work $W/cwd $W/after
mount -t overlay overlay -o lowerdir=/etc,upperdir=$W/up,workdir=$W/work /etc
rm -f /etc/multipath.conf /etc/multipath.conf.old
mkdir -p /etc/multipath
[ -e $W/in.conf ] && cp $W/in.conf /etc/multipath.conf
[ -e $W/in.conf.mode ] && chmod $(cat $W/in.conf.mode) /etc/multipath.conf
[ -e $W/state/nodir ] && rm -rf /etc/multipath
mount -t tmpfs tmpfs /sys/module
[ -e $W/state/module ] && mkdir /sys/module/dm_multipath
mkdir -p /run/systemd
mount -t tmpfs tmpfs /run/systemd
mkdir /run/systemd/system
[ -e /usr/bin/systemctl ] && mount --bind $W/bin/systemctl /usr/bin/systemctl
[ -e $W/setup.sh ] && . $W/setup.sh
cd $W/cwd
export PATH=$W/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
set +e
mpathconf "$@" > $W/stdout 2> $W/stderr
echo $? > $W/rc
[ -e /etc/multipath.conf ] && cp -p /etc/multipath.conf $W/after/etc.conf
[ -e /etc/multipath.conf.old ] && cp -p /etc/multipath.conf.old $W/after/etc.conf.old
cp -a $W/out $W/after/out
exit 0
`;

const rd = (p: string) => readFileSync(p, "latin1");
const mode = (p: string) => (statSync(p).mode & 0o7777).toString(8);

/** Run case `c` in directory `dir` with `tool` (by default the built mpathbox) as mpathconf. */
export function runWorld(dir: string, c: Case, tool = BIN): Outcome {
  rmSync(dir, { recursive: true, force: true });
  for (const d of ["state", "out", "bin"]) mkdirSync(join(dir, d), { recursive: true });
  const w = c.world ?? {};
  const put = (p: string, s: string) => writeFileSync(join(dir, p), Buffer.from(s, "latin1"));
  put("bin/modprobe", FAKE_MODPROBE);
  put("bin/systemctl", FAKE_SYSTEMCTL);
  put("bin/lsmod", FAKE_LSMOD);
  put("world.sh", WORLD_SH);
  chmodSync(join(dir, "bin/modprobe"), 0o755);
  chmodSync(join(dir, "bin/systemctl"), 0o755);
  chmodSync(join(dir, "bin/lsmod"), 0o755);
  symlinkSync(tool, join(dir, "bin/mpathconf"));
  if (c.conf !== null) put("in.conf", c.conf);
  if (w.confMode) put("in.conf.mode", w.confMode);
  if (w.module) put("state/module", "");
  if (w.running) put("state/running", "");
  if (w.noDir) put("state/nodir", "");
  if (w.modprobeRc !== undefined) put("state/modprobe_rc", String(w.modprobeRc));
  if (w.systemctlRc !== undefined) put("state/systemctl_rc", String(w.systemctlRc));
  for (const [k, v] of Object.entries(w.outs ?? {})) put(join("out", k), v);
  if (w.setup) put("setup.sh", w.setup);
  const args = c.args.map((a) => a.replaceAll("@OUT", join(dir, "out")));
  const p = Bun.spawnSync(["unshare", "-m", "sh", join(dir, "world.sh"), ...args], { env: { WORLD: dir, PATH: process.env.PATH ?? "/usr/bin:/bin" } });
  if (p.exitCode !== 0) throw new Error(`could not build the world for ${c.name}: ${p.stderr.toString()}`);
  const norm = (s: string) => s.replaceAll(`${join(dir, "bin")}/`, "/IMPL/").replaceAll(dir, "@W");
  const files: Record<string, string> = {};
  const after = join(dir, "after");
  const walk = (rel: string) => {
    for (const f of readdirSync(join(after, "out", rel)).sort()) {
      const r = rel ? `${rel}/${f}` : f, abs = join(after, "out", r);
      const st = lstatSync(abs);
      if (st.isDirectory()) walk(r);
      else if (st.isSymbolicLink()) files[`@OUT/${r}`] = `symlink -> ${readlinkSync(abs)}`;
      else if (!r.endsWith("/fill")) files[`@OUT/${r}`] = norm(`${mode(abs)} ${rd(abs)}`);
    }
  };
  walk("");
  const etc = join(after, "etc.conf");
  if (existsSync(etc)) {
    const v = `${mode(etc)} ${rd(etc)}`;
    if (c.conf === null || v !== `${w.confMode ?? "644"} ${c.conf}` || w.setup) files["/etc/multipath.conf"] = norm(v);
  }
  if (existsSync(`${etc}.old`)) files["/etc/multipath.conf.old"] = norm(`${mode(`${etc}.old`)} ${rd(`${etc}.old`)}`);
  const log = existsSync(join(dir, "log")) ? rd(join(dir, "log")) : "";
  return {
    rc: Number(rd(join(dir, "rc"))), stdout: norm(rd(join(dir, "stdout"))), stderr: norm(rd(join(dir, "stderr"))), files,
    commands: log.split("\n").filter((l) => l && !l.includes(" status ")),
  };
}
