// Boots Debian's kernel under QEMU (TCG) with the test initramfs, runs a
// scenario script inside, and returns what it recorded. Failing to boot is
// an error, never a skip: the VM tier is how kernel claims are proven.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { CACHE, baseImage, overlayImage } from "./image.ts";
import { type NvmeSubsystem, nvmeQemuArgs } from "./qemuNvme.ts";

export type { NvmeSubsystem };

export type Section = { rc: number; out: string; err: string };
export type VmResult = {
  sections: Record<string, Section>;
  notes: string[];
  /** guest uptime (s) at boot, when udev settled, and at the end */
  times: { booted: number; ready: number; done: number };
  /** exit status of the scenario shell */
  scenarioRc: number;
  console: string;
  wallMs: number;
};

let counter = 0;

function parseResults(text: string): Omit<VmResult, "console" | "wallMs"> {
  const sections: Record<string, Section> = {};
  const notes: string[] = [];
  const times = { booted: NaN, ready: NaN, done: NaN };
  let scenarioRc = NaN;
  const lines = text.replace(/\r/g, "").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^@@SECTION (.+) (\d+)$/))) {
      const [, name, rc] = m;
      const out: string[] = [];
      const err: string[] = [];
      let into: string[] | undefined;
      for (i++; i < lines.length && lines[i] !== "@@END"; i++) {
        if (lines[i] === "@@OUT") into = out;
        else if (lines[i] === "@@ERR") into = err;
        else into?.push(lines[i]!);
      }
      const decode = (b: string[]) => Buffer.from(b.join(""), "base64").toString("utf8");
      sections[name!] = { rc: Number(rc), out: decode(out), err: decode(err) };
    } else if ((m = line.match(/^@@NOTE (.*)$/))) notes.push(m[1]!);
    else if ((m = line.match(/^@@BOOTED (\S+)/))) times.booted = Number(m[1]);
    else if ((m = line.match(/^@@READY (\S+)/))) times.ready = Number(m[1]);
    else if ((m = line.match(/^@@DONE (\d+) (\S+)/))) {
      scenarioRc = Number(m[1]);
      times.done = Number(m[2]);
    } else if ((m = line.match(/^@@WARN (.*)$/))) notes.push(`warning: ${m[1]}`);
  }
  return { sections, notes, times, scenarioRc };
}

export class VmError extends Error {
  constructor(message: string, readonly console: string) {
    super(`${message}\n--- last console lines ---\n${console.split("\n").slice(-40).join("\n")}`);
    this.name = "VmError";
  }
}

export type VmOpts = {
  timeoutMs?: number;
  memoryMb?: number;
  /** emulated NVMe subsystems (the guest loads the driver with lib.sh's nvme_load) */
  nvme?: NvmeSubsystem[];
};

/**
 * Run `script` (POSIX sh, with tests/vm/guest/lib.sh sourced) in a fresh VM.
 * Needs dist/mpathbox built. Throws VmError when the VM does not boot or
 * does not finish within the timeout.
 */

export async function runVm(script: string, opts: VmOpts = {}): Promise<VmResult> {
  const t0 = performance.now();
  // the test file, named while the caller's frames are still on the stack
  const caller = (new Error().stack ?? "").split("\n").map((l) => l.match(/tests\/vm\/([\w.-]+\.test\.ts)/)?.[1]).find(Boolean) ?? "?";
  const { cpio: base, kernel } = await baseImage();
  const tag = `${process.pid}-${++counter}`;
  const overlay = overlayImage(script, tag);
  const dir = join(CACHE, `run-${tag}`);
  mkdirSync(dir, { recursive: true });
  const initrd = join(dir, "initrd.cpio");
  const cat = Bun.spawnSync(["sh", "-c", `cat '${base}' '${overlay}' > '${initrd}'`]);
  rmSync(overlay, { force: true });
  if (cat.exitCode !== 0) throw new Error(`could not assemble initrd: ${cat.stderr.toString()}`);
  const consoleLog = join(dir, "console.log");
  const resultsLog = join(dir, "results.log");
  const proc = Bun.spawn(
    [
      "qemu-system-x86_64", "-accel", "tcg", "-cpu", "max", "-smp", "2", "-m", String(opts.memoryMb ?? 2048),
      "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
      "-kernel", kernel, "-initrd", initrd,
      "-append", "console=ttyS0 panic=-1 loglevel=4 rdinit=/init",
      "-serial", `file:${consoleLog}`, "-serial", `file:${resultsLog}`,
      ...nvmeQemuArgs(opts.nvme ?? [], dir),
    ],
    { stdout: "pipe", stderr: "pipe" },
  );
  const timeoutMs = opts.timeoutMs ?? 240_000;
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  const exitCode = await proc.exited;
  clearTimeout(timer);
  const qemuErr = await new Response(proc.stderr).text();
  const consoleText = existsSync(consoleLog) ? readFileSync(consoleLog, "utf8") : "";
  const resultsText = existsSync(resultsLog) ? readFileSync(resultsLog, "utf8") : "";
  rmSync(dir, { recursive: true, force: true });
  const parsed = parseResults(resultsText);
  const wallMs = performance.now() - t0;
  // one line per VM in the test log: where the suite's time goes
  console.error(`vm ${caller}: ${(wallMs / 1000).toFixed(1)} s (guest booted ${parsed.times.booted} s, udev ready ${parsed.times.ready} s, done ${parsed.times.done} s)`);
  if (Number.isNaN(parsed.times.booted)) {
    throw new VmError(`VM did not boot (qemu exit ${exitCode}) ${qemuErr.trim()}`, consoleText);
  }
  if (Number.isNaN(parsed.scenarioRc)) {
    throw new VmError(`VM scenario did not finish within ${timeoutMs} ms (qemu exit ${exitCode})`, consoleText);
  }
  return { ...parsed, console: consoleText, wallMs };
}

/** A section that must exist; a clear failure message when it does not. */
export function section(r: VmResult, name: string): Section {
  const s = r.sections[name];
  if (!s) {
    throw new Error(`scenario recorded no section '${name}'; have: ${Object.keys(r.sections).join(", ")}\n` +
      `notes: ${r.notes.join("\n")}\nconsole tail:\n${r.console.split("\n").slice(-30).join("\n")}`);
  }
  return s;
}
