// multipath -T in the VM: the configuration limited to the device entries
// of discovered, non-blacklisted paths and the multipaths entries of maps
// that exist, against the reference.
import { beforeAll, describe, expect, test } from "bun:test";
import { normalizeOurs, normalizeReference } from "../differences.ts";
import { type VmResult, runVm, section } from "./harness.ts";

let r: VmResult;
beforeAll(async () => {
  r = await runVm(String.raw`
cat > /etc/multipath.conf <<'CONF'
defaults {
    user_friendly_names yes
    find_multipaths no
}
devices {
    device {
        vendor "Linux"
        product "scsi_debug"
        path_grouping_policy multibus
        no_path_retry 5
    }
    device {
        vendor "NOBODY"
        product "NOTHING"
        no_path_retry fail
    }
}
multipaths {
    multipath {
        wwid 1Linux_scsi_debug_2000
        alias first
    }
    multipath {
        wwid 36000000000000000000000000000dead
        alias ghost
    }
}
CONF
scsi_debug_paths 2 1 2
/ref/sbin/multipath -v0; udevadm settle
run maps dmsetup ls
run ref /ref/sbin/multipath -T
run our multipath -T
`, { timeoutMs: 300_000 });
}, 320_000);

describe("multipath -T", () => {
  test("maps exist: one named by its multipaths entry", () => {
    expect(section(r, "maps").out).toContain("first");
  });
  test("equals the reference (after the listed 0.9.4/0.14 differences)", () => {
    const ours = section(r, "our"), ref = section(r, "ref");
    expect(ours.rc).toBe(ref.rc);
    expect(normalizeOurs(ours.out)).toBe(normalizeReference(ref.out));
  });
  test("keeps only what is in use", () => {
    const out = section(r, "our").out;
    expect(out).toContain('vendor "Linux"');
    expect(out).not.toContain("NOBODY");
    expect(out).toContain("1Linux_scsi_debug_2000");
    expect(out).not.toContain("dead");
  });
});
