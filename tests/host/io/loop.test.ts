// Loop devices and block ioctls on this host, cross-checked with losetup
// and blockdev.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { blockGeometry } from "../../../src/io/blockdev.ts";
import { attachLoop, detachLoop, findLoopForFile } from "../../../src/io/loop.ts";

const dir = mkdtempSync(join(tmpdir(), "loop-"));
const img = join(dir, "disk.img");
Bun.spawnSync(["truncate", "-s", "8M", img]);
const attached: string[] = [];
afterAll(() => {
  for (const d of attached) Bun.spawnSync(["losetup", "-d", d]);
  rmSync(dir, { recursive: true, force: true });
});

describe("loop devices", () => {
  test("attach a file, find it again, detach", () => {
    expect(findLoopForFile(img)).toBeUndefined();
    const dev = attachLoop(img);
    attached.push(dev);
    expect(dev).toMatch(/^\/dev\/loop\d+$/);
    const listed = Bun.spawnSync(["losetup", "-n", "-O", "NAME,BACK-FILE", dev]).stdout.toString();
    expect(listed).toContain(img);
    expect(findLoopForFile(img)).toBe(dev);
    const g = blockGeometry(dev);
    expect(g.sizeBytes).toBe(8n * 1024n * 1024n);
    expect(g.sectorSize).toBe(512);
    expect(Bun.spawnSync(["blockdev", "--getsize64", dev]).stdout.toString().trim()).toBe(String(g.sizeBytes));
    detachLoop(dev);
    Bun.spawnSync(["udevadm", "settle"]);
    expect(findLoopForFile(img)).toBeUndefined();
  });
  test("read-only attachment", () => {
    const dev = attachLoop(img, { readOnly: true });
    attached.push(dev);
    expect(Bun.spawnSync(["blockdev", "--getro", dev]).stdout.toString().trim()).toBe("1");
    detachLoop(dev);
  });
  test("errors name the operation and errno", () => {
    expect(() => blockGeometry(join(dir, "missing"))).toThrow(/open .*missing: No such file or directory \(errno 2\)/);
  });
});
