// DASD paths (s390 channel devices) on a sysfs tree shaped as the kernel
// lays one out: upstream's ccw_sysfs_pathinfo facts, dasd_get_uid's WWID,
// and the built-in table's product_blacklist that keeps DASDs out of maps.
// No s390 here: the shape follows the kernel's dasd driver, not a capture.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, selectPathSettings } from "../../../src/config/index.ts";
import { pathFacts } from "../../../src/discovery/pathFacts.ts";
import { sysfsPathByDevt } from "../../../src/discovery/sysfsPath.ts";
import { pathWwid } from "../../../src/discovery/wwid.ts";
import { pathBlacklisted } from "../../../src/multipath/pathvec.ts";
import { settingsFacts } from "../../../src/multipath/settingsFacts.ts";

const root = mkdtempSync(join(tmpdir(), "dasd-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sys = join(root, "sys");
mkdirSync(join(sys, "bus/ccw"), { recursive: true });
mkdirSync(join(sys, "dev/block"), { recursive: true });
const run = join(root, "run-udev");
mkdirSync(join(run, "data"), { recursive: true });

/** A DASD at channel bus id `busid` as block device `dev` (devt 94:minor). */
function dasd(dev: string, minor: number, busid: string, o: { devtype?: string; uid?: string }): string {
  const ccw = join(sys, "devices/css0/0.0.0000", busid);
  const block = join(ccw, "block", dev);
  mkdirSync(block, { recursive: true });
  symlinkSync(join(sys, "bus/ccw"), join(ccw, "subsystem"));
  if (o.devtype !== undefined) writeFileSync(join(ccw, "devtype"), `${o.devtype}\n`);
  if (o.uid !== undefined) writeFileSync(join(ccw, "uid"), `${o.uid}\n`);
  symlinkSync(ccw, join(block, "device"));
  writeFileSync(join(block, "size"), "4806720\n");
  symlinkSync(block, join(sys, "dev/block", `94:${minor}`));
  return `94:${minor}`;
}

describe("DASD paths", () => {
  const eckd = dasd("dasda", 0, "0.0.0190", { devtype: "3390/0c", uid: "IBM.75000000092461.e900.10.token" });
  const fba = dasd("dasdb", 4, "0.1.a00f", { devtype: "9336/10", uid: "IBM.75000000092461.e900.11" });
  const untyped = dasd("dasdc", 8, "0.0.0192", { uid: "IBM.x.y.z" });

  test("vendor IBM, product by device type, host.channel.devno as h:b:t:l, always up", () => {
    expect(sysfsPathByDevt(eckd, sys)).toMatchObject({
      dev: "dasda", bus: "ccw", vendor: "IBM", product: "S/390 DASD ECKD", sysfsState: "up", sizeSectors: 4806720,
      hcil: { host: 0, channel: 0, id: 0x190, lun: 0 },
    });
    expect(sysfsPathByDevt(fba, sys)).toMatchObject({ product: "S/390 DASD FBA", hcil: { host: 0, channel: 1, id: 0xa00f, lun: 0 } });
  });
  test("no device type: no path (pathinfo fails)", () => {
    expect(sysfsPathByDevt(untyped, sys)).toBeNull();
  });
  test("protocol ccw; the table's uid_attribute ID_UID; WWID from the channel device's uid, cut at its fourth dot", () => {
    const f = pathFacts(eckd, { sys, runUdev: run })!;
    expect(f.protocol).toBe("ccw");
    const config = loadConfig({ file: join(root, "none.conf"), configDir: join(root, "none.d") }).config;
    const uid = selectPathSettings(config, settingsFacts(f)).uid_attribute.value;
    expect(uid).toBe("ID_UID");
    const r = pathWwid(f, uid, f.udev);
    expect(r.wwid).toBe("IBM.75000000092461.e900.10");
    expect(r.origin).toBe("sysfs");
    // udev had no ID_UID: the fallback is said at level 1, as upstream
    expect(r.logs.map((l) => `${l.level} ${l.msg}`)).toEqual(["3 dasda: no ID_UID attribute", "1 dasda: uid = IBM.75000000092461.e900.10 (sysfs)"]);
    expect(pathWwid(sysfsPathByDevt(fba, sys)!, "ID_UID", null).wwid).toBe("IBM.75000000092461.e900.11");
    // a non-default attribute has no fallback
    expect(pathWwid(f, "ID_SERIAL", null).wwid).toBeUndefined();
  });
  test("the built-in table blacklists DASDs by product", () => {
    const f = pathFacts(eckd, { sys, runUdev: run })!;
    const config = loadConfig({ file: join(root, "none.conf"), configDir: join(root, "none.d") }).config;
    expect(pathBlacklisted(config, f, "ID_UID", "IBM.75000000092461.e900.10")).toBe(true);
  });
});
