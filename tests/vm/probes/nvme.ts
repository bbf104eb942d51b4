// VM probe for NVMe. `paths`: our facts for every nvme namespace disk, one
// line each, in the layout of `multipathd show paths raw format
// "%d|%D|%P|%z|%i|%s|%S|%w"` (WWID by the configured uid_attribute).
// `identify DEV...`: Identify Controller through our ioctl, as
// "<dev> rc=<rc> ana=<0|1> cmic=<hex> sn=<SN>|mn=<MN>|fr=<FR>" (the raw fields).
import { loadConfig, selectPathSettings } from "../../../src/config/index.ts";
import { idCtrlAna } from "../../../src/discovery/nvmeAna.ts";
import { blockDisks, pathFacts } from "../../../src/discovery/pathFacts.ts";
import { wwidOf } from "../../../src/discovery/wwid.ts";
import { identifyController } from "../../../src/io/nvmeAdmin.ts";
import { settingsFacts } from "../../../src/multipath/settingsFacts.ts";
import { formatSize } from "../../../src/print/size.ts";

const [mode, ...args] = process.argv.slice(2);
if (mode === "paths") {
  const config = loadConfig().config;
  for (const d of blockDisks()) {
    if (!d.dev.startsWith("nvme")) continue;
    const f = pathFacts(d.devt);
    if (!f) continue;
    const hcil = f.hcil ? `${f.hcil.host}:${f.hcil.channel}:${f.hcil.id}:${f.hcil.lun}` : "#:#:#:#";
    const vpr = `${f.vendor || "##"},${f.product || "##"},${f.rev || "##"}`;
    const uid = selectPathSettings(config, settingsFacts(f)).uid_attribute.value;
    const wwid = wwidOf(f, uid, f.udev, () => {}) ?? "";
    console.log([f.dev, f.devt, f.protocol, f.serial ?? "", hcil, vpr, formatSize(f.sizeSectors), wwid].join("|"));
  }
} else if (mode === "identify") {
  const text = (b: Uint8Array, from: number, to: number) => Buffer.from(b.subarray(from, to)).toString("latin1");
  for (const dev of args) {
    const r = identifyController(dev);
    const ok = r.rc === 0;
    console.log(`${dev} rc=${r.rc} ana=${idCtrlAna(r)} cmic=${ok ? r.data[76]!.toString(16) : "-"} ` +
      `sn=${ok ? text(r.data, 4, 24) : ""}|mn=${ok ? text(r.data, 24, 64) : ""}|fr=${ok ? text(r.data, 64, 72) : ""}`);
  }
}
