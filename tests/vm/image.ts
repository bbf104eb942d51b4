// Builds the VM's initramfs from this machine's Debian packages. The base
// archive (kernel modules, busybox, udevd, glibc, libdevmapper, libudev, the
// reference tools, bun) is cached by a key of the package versions; each run
// appends a small second archive with dist/mpathbox, the repository's
// sources and the scenario (the kernel unpacks concatenated cpio archives).
import { $ } from "bun";
import { createHash } from "node:crypto";
import {
  chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync,
  rmSync, statSync, symlinkSync, writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";

export const REPO = resolve(import.meta.dir, "../..");
export const CACHE = join(REPO, ".cache/vm");
const BASE_FORMAT = 8; // bump when the base layout changes

/** Debian packages the harness takes files from; installed when missing. */
export const HOST_PACKAGES = [
  "qemu-system-x86", "linux-image-amd64", "busybox-static", "multipath-tools", "kpartx", "sg3-utils", "cpio",
  "udev", "dmsetup",
];

/** Modules loaded at boot, in dependency order (modprobe resolves the rest). */
export const BOOT_MODULES = [
  "scsi_mod", "sd_mod", "sg", "dm-mod", "dm-multipath", "dm-round-robin", "dm-service-time", "dm-queue-length",
  "scsi_dh_alua", "scsi_dh_emc", "scsi_dh_rdac", "loop", "configfs", "target_core_mod", "target_core_file",
  "target_core_iblock", "tcm_loop",
];
// Loaded by scenarios: scsi_debug with their parameters; nvme_core with
// multipath=Y (native NVMe multipath) or N (one block device per controller);
// the NVMe/TCP target and host for loopback NVMe over TCP.
const EXTRA_MODULES = ["scsi_debug", "nvme_core", "nvme", "nvmet", "nvmet_tcp", "nvme_fabrics", "nvme_tcp"];

const REFERENCE_TOOLS = ["/usr/sbin/multipath", "/usr/sbin/multipathd", "/usr/sbin/multipathc", "/usr/sbin/kpartx",
  "/usr/sbin/mpathpersist"];
const HOST_BINARIES = [
  "/usr/sbin/dmsetup", "/usr/bin/udevadm", "/usr/lib/systemd/systemd-udevd", "/usr/bin/sg_inq", "/usr/bin/sg_turs",
  "/usr/bin/sg_persist", "/usr/bin/sg_readcap", "/usr/bin/sg_vpd", "/usr/bin/sg_rtpg", "/usr/lib/udev/scsi_id",
  "/usr/lib/udev/kpartx_id", "/usr/bin/partx", "/usr/bin/logger",
];
// Rules that call the multipath tools: kept aside, a scenario enables them.
const MPATH_RULES = ["56-dm-mpath.rules", "60-multipath.rules", "60-kpartx.rules", "56-dm-parts.rules",
  "68-del-part-nodes.rules"];
const KEEP_RULES = ["50-udev-default.rules", "55-dm.rules", "55-scsi-sg3_id.rules", "58-scsi-sg3_symlink.rules",
  "60-block.rules", "60-persistent-storage.rules", "60-persistent-storage-dm.rules", "95-dm-notify.rules",
  "80-drivers.rules", "99-systemd.rules"];

export function kernelVersion(): string {
  const versions = readdirSync("/lib/modules").filter((v) => existsSync(`/boot/vmlinuz-${v}`)).sort();
  const v = versions.at(-1);
  if (!v) throw new Error("no kernel with modules found: install linux-image-amd64");
  return v;
}

export function bunBinary(): string {
  const p = join(REPO, "node_modules/bun/bin/bun.exe");
  if (!existsSync(p)) throw new Error(`bun binary not found at ${p}: run npm ci`);
  return p;
}

function missingPackages(): string[] {
  const out = Bun.spawnSync(["dpkg-query", "-W", "-f", "${Package} ${db:Status-Status}\n", ...HOST_PACKAGES]);
  const installed = new Set(
    out.stdout.toString().split("\n").filter((l) => l.endsWith(" installed")).map((l) => l.split(" ")[0]),
  );
  return HOST_PACKAGES.filter((p) => !installed.has(p));
}

export async function ensureHostPackages(): Promise<void> {
  const missing = missingPackages();
  if (missing.length === 0) return;
  await $`apt-get update -qq`.quiet();
  await $`env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing}`.quiet();
  const still = missingPackages();
  if (still.length) throw new Error(`could not install: ${still.join(" ")}`);
}

function baseKey(kver: string): string {
  const versions = Bun.spawnSync(["dpkg-query", "-W", ...HOST_PACKAGES, "libc6", "libdevmapper1.02.1", "libudev1"])
    .stdout.toString();
  const h = createHash("sha256");
  h.update(`${BASE_FORMAT}\n${kver}\n${versions}\n${statSync(bunBinary()).size}\n`);
  // the module lists shape the image too: a changed list is a new image
  h.update(`${BOOT_MODULES.join(",")}\n${EXTRA_MODULES.join(",")}\n`);
  h.update(readFileSync(join(import.meta.dir, "guest/init")));
  return h.digest("hex").slice(0, 16);
}

/** Copy a file into the staging tree at the same path, following symlinks
 * in the source but recreating the final symlink chain's target file. */
function copyInto(root: string, path: string): void {
  const dest = join(root, path);
  if (lexists(dest)) return;
  mkdirSync(dirname(dest), { recursive: true });
  const st = lstatSync(path);
  if (st.isSymbolicLink()) {
    const target = readlinkSync(path);
    symlinkSync(target, dest);
    copyInto(root, resolve(dirname(path), target));
    return;
  }
  copyFileSync(path, dest);
  chmodSync(dest, st.mode & 0o7777);
}

function lexists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function sharedLibs(binary: string): string[] {
  const out = Bun.spawnSync(["ldd", binary]).stdout.toString();
  const libs: string[] = [];
  for (const line of out.split("\n")) {
    const m = line.match(/=>\s+(\/\S+)/) ?? line.match(/^\s+(\/\S+)\s+\(/);
    if (m?.[1]) libs.push(m[1]);
  }
  return libs;
}

function moduleClosure(kver: string): string[] {
  const dep = readFileSync(`/lib/modules/${kver}/modules.dep`, "utf8");
  const byName = new Map<string, { path: string; deps: string[] }>();
  for (const line of dep.split("\n")) {
    const [path, rest] = line.split(":");
    if (!path) continue;
    const name = path.split("/").at(-1)!.replace(/\.ko(\.\w+)?$/, "").replaceAll("_", "-");
    byName.set(name, { path, deps: (rest ?? "").trim().split(/\s+/).filter(Boolean) });
  }
  const byPath = new Map([...byName.values()].map((m) => [m.path, m]));
  const paths = new Set<string>();
  const visit = (path: string) => {
    if (paths.has(path)) return;
    paths.add(path);
    for (const d of byPath.get(path)?.deps ?? []) visit(d);
  };
  for (const name of [...BOOT_MODULES, ...EXTRA_MODULES]) {
    const m = byName.get(name.replaceAll("_", "-"));
    if (!m) throw new Error(`kernel module ${name} not found for ${kver}`);
    visit(m.path);
  }
  return [...paths];
}

function writeCpio(stageDir: string, out: string): void {
  const tmp = `${out}.tmp`;
  const r = Bun.spawnSync(["sh", "-c", `cd '${stageDir}' && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet > '${tmp}'`]);
  if (r.exitCode !== 0) throw new Error(`cpio failed: ${r.stderr.toString()}`);
  renameSync(tmp, out);
}

/** Build (or reuse) the base initramfs archive; returns its path. */
export async function baseImage(): Promise<{ cpio: string; kernel: string }> {
  await ensureHostPackages();
  const kver = kernelVersion();
  const kernel = `/boot/vmlinuz-${kver}`;
  const out = join(CACHE, `base-${baseKey(kver)}.cpio`);
  if (existsSync(out)) return { cpio: out, kernel };
  mkdirSync(CACHE, { recursive: true });
  const root = join(CACHE, "stage-base");
  rmSync(root, { recursive: true, force: true });
  for (const d of ["usr/bin", "usr/sbin", "usr/lib", "usr/lib64", "etc/udev/rules.d", "proc", "sys", "dev", "run",
    "tmp", "root", "ref/sbin", "var/lock", "etc/multipath", "mnt", "var/target/pr", "etc/target/pr"]) mkdirSync(join(root, d), { recursive: true });
  for (const l of ["bin", "sbin", "lib", "lib64"]) symlinkSync(`usr/${l}`, join(root, l));

  copyInto(root, "/usr/bin/busybox");
  const applets = Bun.spawnSync(["/usr/bin/busybox", "--list-full"]).stdout.toString().split("\n").filter(Boolean);
  for (const a of applets) {
    const p = join(root, a.replace(/^(s?bin)\//, "usr/$1/"));
    if (!existsSync(p)) {
      mkdirSync(dirname(p), { recursive: true });
      symlinkSync("/usr/bin/busybox", p);
    }
  }

  const elves = [...HOST_BINARIES, bunBinary()];
  for (const b of HOST_BINARIES) copyInto(root, b);
  // The reference tools live apart from PATH so that plain names run mpathbox.
  for (const t of REFERENCE_TOOLS) {
    copyFileSync(t, join(root, "ref/sbin", t.split("/").at(-1)!));
    chmodSync(join(root, "ref/sbin", t.split("/").at(-1)!), 0o755);
    elves.push(t);
  }
  for (const plugin of readdirSync("/usr/lib/multipath")) {
    copyInto(root, `/usr/lib/multipath/${plugin}`);
    elves.push(`/usr/lib/multipath/${plugin}`);
  }
  copyFileSync(bunBinary(), join(root, "usr/bin/bun"));
  chmodSync(join(root, "usr/bin/bun"), 0o755);
  const libs = new Set<string>(["/lib/x86_64-linux-gnu/libudev.so.1", "/lib/x86_64-linux-gnu/libdevmapper.so.1.02.1",
    "/lib/x86_64-linux-gnu/libnss_files.so.2",
    // dlopened by glibc for pthread_cancel (multipathd needs it)
    "/lib/x86_64-linux-gnu/libgcc_s.so.1"].filter(existsSync));
  for (const e of elves) for (const l of sharedLibs(e)) libs.add(l);
  for (const l of [...libs]) for (const d of sharedLibs(l)) libs.add(d);
  // The staged tree is merged-/usr like the host, so /lib paths land in usr/lib.
  for (const l of libs) copyInto(root, l);

  // udev: daemon config and the rules that matter for block, dm and sg.
  copyInto(root, "/etc/udev/udev.conf");
  const rulesDir = "/usr/lib/udev/rules.d";
  for (const r of KEEP_RULES) if (existsSync(join(rulesDir, r))) copyInto(root, join(rulesDir, r));
  mkdirSync(join(root, "usr/lib/udev/rules.mpath"), { recursive: true });
  for (const r of MPATH_RULES) if (existsSync(join(rulesDir, r))) copyFileSync(join(rulesDir, r), join(root, "usr/lib/udev/rules.mpath", r));

  const kver_ = kver;
  const mods = moduleClosure(kver_);
  // copyInto recreates paths as given; modules.dep paths are relative.
  for (const m of mods) copyInto(root, `/lib/modules/${kver_}/${m}`.replace(/^\/lib\//, "/usr/lib/"));
  for (const f of ["modules.order", "modules.builtin", "modules.builtin.modinfo"]) {
    const src = `/usr/lib/modules/${kver_}/${f}`;
    if (existsSync(src)) copyInto(root, src);
  }
  const dm = Bun.spawnSync(["depmod", "-b", root, kver_]);
  if (dm.exitCode !== 0) throw new Error(`depmod failed: ${dm.stderr.toString()}`);

  writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
  writeFileSync(join(root, "etc/group"), "root:x:0:\ndisk:x:6:\ntape:x:26:\ncdrom:x:24:\nkvm:x:104:\nnogroup:x:65534:\n");
  writeFileSync(join(root, "etc/nsswitch.conf"), "passwd: files\ngroup: files\n");
  writeFileSync(join(root, "etc/boot-modules"), BOOT_MODULES.join("\n") + "\n");
  copyFileSync(join(import.meta.dir, "guest/init"), join(root, "init"));
  chmodSync(join(root, "init"), 0o755);
  writeCpio(root, out);
  rmSync(root, { recursive: true, force: true });
  return { cpio: out, kernel };
}

/** Per-run archive: mpathbox with its symlinks, the repo, the scenario. */
export function overlayImage(script: string, tag: string): string {
  const mpathbox = join(REPO, "dist/mpathbox");
  if (!existsSync(mpathbox)) throw new Error("dist/mpathbox is missing: run `bun build.ts` first");
  const root = join(CACHE, `stage-${tag}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, "usr/local/sbin"), { recursive: true });
  copyFileSync(mpathbox, join(root, "usr/local/sbin/mpathbox"));
  chmodSync(join(root, "usr/local/sbin/mpathbox"), 0o755);
  for (const t of ["multipath", "multipathd", "mpathconf", "kpartx", "mpathpersist"]) {
    symlinkSync("mpathbox", join(root, "usr/local/sbin", t));
  }
  const repo = join(root, "mpathbox");
  mkdirSync(repo, { recursive: true });
  for (const d of ["src", "ffi", "tests", "contrib", "package.json", "tsconfig.json"]) {
    Bun.spawnSync(["cp", "-a", join(REPO, d), join(repo, d)]);
  }
  rmSync(join(repo, "tests/vm/.cache"), { recursive: true, force: true });
  // Runtime dependencies only; the bun binary is in the base image.
  mkdirSync(join(repo, "node_modules"), { recursive: true });
  for (const dep of ["zod", "citty", "consola"]) {
    const src = join(REPO, "node_modules", dep);
    if (existsSync(src)) Bun.spawnSync(["cp", "-a", src, join(repo, "node_modules", dep)]);
  }
  writeFileSync(join(root, "scenario.sh"), script);
  chmodSync(join(root, "scenario.sh"), 0o755);
  copyFileSync(join(import.meta.dir, "guest/lib.sh"), join(root, "lib.sh"));
  const out = join(CACHE, `overlay-${tag}.cpio`);
  writeCpio(root, out);
  rmSync(root, { recursive: true, force: true });
  return out;
}

// `bun tests/vm/image.ts`: build (or find) the base image before a parallel
// VM test run, so that the runs do not each build it.
if (import.meta.main) {
  const { cpio } = await baseImage();
  console.log(`base image: ${cpio}`);
}
