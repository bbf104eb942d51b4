// VM probe for the libudev bindings.
//   bun udev.ts enumerate   -> JSON {sysname: properties} of sd disks
//   bun udev.ts monitor CMD -> open a "udev" monitor for block disks, run CMD,
//                              print the add events that arrive (JSON lines)
//   bun udev.ts order       -> JSON {udev, ours}: whole disks as libudev lists
//                              them and as discovery's sysfs walk does
import { wholeDisks } from "../../../src/discovery/blockDevices.ts";
import { UdevMonitor, udevEnumerate } from "../../../src/io/udev.ts";

const [op, ...rest] = process.argv.slice(2);
if (op === "enumerate") {
  const out: Record<string, Record<string, string>> = {};
  for (const d of udevEnumerate({ subsystem: "block", properties: { DEVTYPE: "disk" } })) {
    if (d.sysname.startsWith("sd")) out[d.sysname] = d.properties;
  }
  console.log(JSON.stringify(out));
} else if (op === "order") {
  const udev = udevEnumerate({ subsystem: "block", properties: { DEVTYPE: "disk" } }).map((d) => d.syspath);
  console.log(JSON.stringify({ udev, ours: wholeDisks().map((d) => d.syspath) }));
} else if (op === "monitor") {
  const m = UdevMonitor.open("udev", [{ subsystem: "block", devtype: "disk" }]);
  Bun.spawnSync(["sh", "-c", rest.join(" ")]);
  const seen: unknown[] = [];
  const until = Date.now() + 30_000;
  while (Date.now() < until && seen.length < Number(process.env.WANT ?? 1)) {
    const ev = m.receive();
    if (ev) {
      if (ev.action === "add") seen.push({ action: ev.action, sysname: ev.sysname, initialized: ev.initialized, ID_SERIAL: ev.properties.ID_SERIAL, ID_WWN: ev.properties.ID_WWN });
    } else await Bun.sleep(20);
  }
  m.close();
  for (const s of seen) console.log(JSON.stringify(s));
}
