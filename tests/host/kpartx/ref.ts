// Running the reference kpartx beside ours on this host. The host kernel
// has no device-mapper: both sides print libdevmapper's complaints.
import { constants } from "node:os";
import { resolve } from "node:path";
import { VERSION_LINE_DIFFERENCE } from "../../differences.ts";

export const REPO = resolve(import.meta.dir, "../../..");
export const BIN = `${REPO}/dist/mpathbox`;
export const REF = "/usr/sbin/kpartx";

export type Run = { rc: number; out: string; err: string };

export function run(cmd: string[]): Run {
  const p = Bun.spawnSync(cmd, { timeout: 20_000 });
  // killed by a signal: the shell's 128 + signal number
  const rc = p.exitCode ?? 128 + (constants.signals[p.signalCode as keyof typeof constants.signals] ?? 0);
  return { rc, out: p.stdout.toString(), err: p.stderr.toString() };
}

/** The reference and ours on the same arguments. */
export function both(args: string[]): { ref: Run; ours: Run } {
  const ref = run([REF, ...args]);
  const out = VERSION_LINE_DIFFERENCE.reference(ref.out);
  // getopt names the program as invoked
  const err = ref.err.replaceAll(`${REF}: `, "kpartx: ");
  return { ref: { ...ref, out, err }, ours: run([BIN, "kpartx", ...args]) };
}

export function sh(cmd: string): string {
  const p = Bun.spawnSync(["sh", "-c", cmd]);
  if (p.exitCode !== 0) throw new Error(`${cmd}: ${p.stderr.toString()}`);
  return p.stdout.toString();
}
