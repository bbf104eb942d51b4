// get_uid on a sysfs tree in a temp dir: the udev property, else the VPD
// page 0x83 sysfs caches, else nothing; upstream's messages and levels.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PathFacts } from "../../../src/discovery/pathFacts.ts";
import { pathWwid as getUid } from "../../../src/discovery/wwid.ts";

const root = mkdtempSync(join(tmpdir(), "uid-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let log: string[];
/** the WWID found, with the messages get_uid gave on the way as "level text" */
function pathWwid(p: PathFacts, uid: string, up: boolean): string | undefined {
  const r = getUid({ ...p, sysfsState: up ? "up" : "down" }, uid, p.udev);
  log = r.logs.map((l) => `${l.level} ${l.msg}`);
  return r.wwid;
}

// VPD 0x83 with one designator: NAA IEEE registered extended (type 3, naa 6)
const NAA = [0x60, 0x01, 0x40, 0x5a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x12];
const page = (designators: number[][]) => {
  const body = designators.flat();
  return Uint8Array.from([0x00, 0x83, body.length >> 8, body.length & 0xff, ...body]);
};
const naaLu = [0x01, 0x03, 0x00, NAA.length, ...NAA]; // binary, association LU, NAA
const naaPort = [0x01, 0x13, 0x00, NAA.length, ...NAA]; // association: target port

let n = 0;
function path(o: { udev?: Record<string, string> | null; vpd83?: Uint8Array; dev?: string }): PathFacts {
  const syspath = join(root, `sd${++n}`);
  mkdirSync(join(syspath, "device"), { recursive: true });
  if (o.vpd83) writeFileSync(join(syspath, "device/vpd_pg83"), o.vpd83);
  return {
    dev: o.dev ?? `sdzz${n}`, devt: `8:${n}`, bus: "scsi", sysfsState: "up", sizeSectors: 8, syspath, protocol: "scsi:unspec",
    tgtNodeName: "", udev: o.udev === null ? null : new Map(Object.entries(o.udev ?? {})),
  };
}

describe("a path's WWID (get_uid)", () => {
  test("from udev's uid_attribute when it has one", () => {
    const p = path({ udev: { ID_SERIAL: "36001405abc  " }, vpd83: page([naaLu]) });
    expect(pathWwid(p, "ID_SERIAL", true)).toBe("36001405abc");
    expect(log).toEqual([`3 ${p.dev}: uid = 36001405abc (udev)`]);
  });
  test("udev has none: the sysfs VPD page, said at level 1 (visible by default)", () => {
    const p = path({ udev: {}, vpd83: page([naaPort, naaLu]) });
    expect(pathWwid(p, "ID_SERIAL", true)).toBe("36001405abcdef0123456789abcdef012");
    expect(log).toEqual([`3 ${p.dev}: no ID_SERIAL attribute`, `1 ${p.dev}: uid = 36001405abcdef0123456789abcdef012 (sysfs)`]);
  });
  test("uid_attribute \"\": udev is not asked, the fallback is quiet", () => {
    const p = path({ udev: { ID_SERIAL: "ignored" }, vpd83: page([naaLu]) });
    expect(pathWwid(p, "", true)).toBe("36001405abcdef0123456789abcdef012");
    expect(log).toEqual([`3 ${p.dev}: uid = 36001405abcdef0123456789abcdef012 (sysfs)`]);
  });
  test("a page with no logical unit designator: no WWID", () => {
    const p = path({ udev: null, vpd83: page([naaPort]) });
    expect(pathWwid(p, "ID_SERIAL", false)).toBeUndefined();
    expect(log).toEqual([`3 ${p.dev}: no ID_SERIAL attribute`, `1 ${p.dev}: failed to get sysfs uid: No data available`]);
  });
  test("unreadable VPD, path down: no INQUIRY is tried, no WWID", () => {
    const p = path({ udev: {} });
    expect(pathWwid(p, "ID_SERIAL", false)).toBeUndefined();
    expect(log).toEqual([
      `3 ${p.dev}: no ID_SERIAL attribute`,
      "3 failed to read sysfs vpd pg83: No such file or directory",
      `1 ${p.dev}: failed to get sysfs uid: No such file or directory`,
    ]);
  });
  test("unreadable VPD, path up: INQUIRY is tried (here it cannot even open the node)", () => {
    const p = path({ udev: {} });
    expect(pathWwid(p, "ID_SERIAL", true)).toBeUndefined();
    expect(log).toEqual([
      `3 ${p.dev}: no ID_SERIAL attribute`,
      "3 failed to read sysfs vpd pg83: No such file or directory",
      `1 ${p.dev}: failed to get sysfs uid: No such file or directory`,
      "3 failed to issue vpd inquiry for pg83",
      `1 ${p.dev}: failed to get sgio uid: Input/output error`,
    ]);
  });
  test("a non-default uid_attribute has no fallback (it could name another identity)", () => {
    const p = path({ udev: {}, vpd83: page([naaLu]) });
    expect(pathWwid(p, "ID_WWN", true)).toBeUndefined();
    expect(log).toEqual([`3 ${p.dev}: no ID_WWN attribute`, `1 ${p.dev}: failed to get udev uid: No data available`]);
  });
});
