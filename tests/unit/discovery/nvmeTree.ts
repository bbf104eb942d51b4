// Builds sysfs trees shaped like those of QEMU's NVMe controllers under
// Linux 6.1 (as seen in the VM: attribute values padded as the kernel
// prints them), with native multipath on or off.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

export type Ctrl = { name: string; pci: string; cntlid: number; dev: string; state?: string; serial?: string };
export type Ns = { nsid: number; size: number; devt?: string; anaState?: string };

const MODEL = "QEMU NVMe Ctrl".padEnd(40, " ");
const FW = "7.2.22".padEnd(8, " ");

export class NvmeTree {
  readonly sys = mkdtempSync(join(tmpdir(), "sys-nvme-"));

  constructor() {
    for (const c of ["class/nvme", "class/block", "class/nvme-subsystem", "bus/pci", "dev/block"]) mkdirSync(join(this.sys, c), { recursive: true });
  }

  private link(dir: string, target: string, name = "subsystem"): void {
    symlinkSync(relative(dir, join(this.sys, target)), join(dir, name));
  }

  private attrs(dir: string, a: Record<string, string | number>): void {
    for (const [k, v] of Object.entries(a)) writeFileSync(join(dir, k), `${v}\n`);
  }

  /** An nvme controller below its PCI function; returns its directory. */
  controller(c: Ctrl, subsysnqn: string): string {
    const pci = join(this.sys, "devices/pci0000:00", c.pci);
    mkdirSync(pci, { recursive: true });
    try {
      this.link(pci, "bus/pci");
    } catch {
      /* shared PCI function */
    }
    const dir = join(pci, "nvme", c.name);
    mkdirSync(dir, { recursive: true });
    this.link(dir, "class/nvme");
    this.attrs(dir, {
      cntlid: c.cntlid, model: MODEL, serial: (c.serial ?? "MPB0").padEnd(20, " "), firmware_rev: FW, transport: "pcie",
      state: c.state ?? "live", address: c.pci, dev: c.dev, subsysnqn,
    });
    return dir;
  }

  private disk(dir: string, ns: Ns, wwid: string, extra: Record<string, string | number> = {}): void {
    mkdirSync(dir, { recursive: true });
    this.link(dir, "class/block");
    this.attrs(dir, { nsid: ns.nsid, size: ns.size, wwid, ro: 0, ...(ns.devt ? { dev: ns.devt } : {}), ...extra });
    if (ns.devt) symlinkSync(relative(join(this.sys, "dev/block"), dir), join(this.sys, "dev/block", ns.devt));
  }

  /** multipath=N: nvme<ctrl>n<i> below the controller. */
  namespace(ctrlDir: string, name: string, ns: Ns, wwid: string): string {
    const dir = join(ctrlDir, name);
    this.disk(dir, ns, wwid);
    symlinkSync("../../" + ctrlDir.split("/").at(-1)!, join(dir, "device"));
    return dir;
  }

  /** multipath=Y: the subsystem with its head disk, and hidden path disks below the controllers. */
  nativeSubsystem(name: string, nqn: string, ctrls: string[], heads: { head: string; ns: Ns; wwid: string; paths: Ns[] }[]): string {
    const dir = join(this.sys, "devices/virtual/nvme-subsystem", name);
    mkdirSync(dir, { recursive: true });
    this.link(dir, "class/nvme-subsystem");
    symlinkSync(relative(join(this.sys, "class/nvme-subsystem"), dir), join(this.sys, "class/nvme-subsystem", name));
    this.attrs(dir, { model: MODEL, serial: "MPB0".padEnd(20, " "), firmware_rev: FW, subsysnqn: nqn, iopolicy: "numa" });
    for (const c of ctrls) symlinkSync(relative(dir, c), join(dir, c.split("/").at(-1)!));
    for (const h of heads) {
      this.disk(join(dir, h.head), h.ns, h.wwid, { hidden: 0 });
      const nsNum = h.head.match(/n(\d+)$/)![1];
      ctrls.forEach((c, i) => {
        const p = h.paths[i];
        if (!p) return;
        const ctrlNum = c.match(/nvme(\d+)$/)![1];
        const sub = name.match(/(\d+)$/)![1];
        this.disk(join(c, `nvme${sub}c${ctrlNum}n${nsNum}`), p, h.wwid, { hidden: 1, ...(p.anaState ? { ana_state: p.anaState } : {}) });
      });
    }
    return dir;
  }
}
