// QEMU's emulated NVMe for VM tests: subsystems whose controllers share
// namespaces, so that one namespace is reachable through several
// controllers (paths). The guest loads the nvme driver itself (lib.sh
// `nvme_load`), choosing native NVMe multipath or not.
import { closeSync, ftruncateSync, openSync } from "node:fs";
import { join } from "node:path";

// Linux ignores the identifiers of QEMU's namespaces (its NVME_QUIRK_BOGUS_NID
// for 1b36:0010), so every namespace's WWID is the "nvme.<vid>-<serial>-<model>-<nsid>" form.
export type NvmeNamespace = { sizeMb: number };

export type NvmeSubsystem = {
  /** controllers of the subsystem: each is a path to every namespace */
  controllers: number;
  namespaces: NvmeNamespace[];
  /** the subsystem NQN (default nqn.2026-01.org.mpathbox:subsysN) */
  nqn?: string;
  /** controller serial (default MPBN; upstream's "serial" is the controller's) */
  serial?: string;
};

/** QEMU arguments for `subsystems`; backing files (sparse) are created in `dir`. */
export function nvmeQemuArgs(subsystems: readonly NvmeSubsystem[], dir: string): string[] {
  const args: string[] = [];
  subsystems.forEach((s, si) => {
    const sub = `nvmsub${si}`;
    args.push("-device", `nvme-subsys,id=${sub},nqn=${s.nqn ?? `nqn.2026-01.org.mpathbox:subsys${si}`}`);
    for (let c = 0; c < s.controllers; c++) {
      args.push("-device", `nvme,id=${sub}c${c},serial=${s.serial ?? `MPB${si}`},subsys=${sub}`);
    }
    s.namespaces.forEach((ns, ni) => {
      const file = join(dir, `nvme-${si}-${ni}.img`);
      const fd = openSync(file, "w");
      ftruncateSync(fd, ns.sizeMb * 1024 * 1024);
      closeSync(fd);
      const drive = `${sub}ns${ni}`;
      args.push("-drive", `file=${file},if=none,id=${drive},format=raw,cache=unsafe`);
      // attached to the subsystem (shared), it appears behind every controller
      args.push("-device", `nvme-ns,drive=${drive},bus=${sub}c0,nsid=${ni + 1},shared=on`);
    });
  });
  return args;
}
