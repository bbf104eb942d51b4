// VM probe: our path facts for every sd disk, one line each, in the layout
// of `multipathd show paths raw format "%d|%D|%P|%z|%i|%s|%S"`.
import { blockDisks, pathFacts } from "../../../src/discovery/pathFacts.ts";
import { formatSize } from "../../../src/print/size.ts";

for (const d of blockDisks()) {
  if (!d.dev.startsWith("sd")) continue;
  const f = pathFacts(d.devt);
  if (!f) continue;
  const hcil = f.hcil ? `${f.hcil.host}:${f.hcil.channel}:${f.hcil.id}:${f.hcil.lun}` : "#:#:#:#";
  const vpr = `${f.vendor || "##"},${f.product || "##"},${f.rev || "##"}`;
  console.log([f.dev, f.devt, f.protocol, f.serial ?? "", hcil, vpr, formatSize(f.sizeSectors)].join("|"));
}
