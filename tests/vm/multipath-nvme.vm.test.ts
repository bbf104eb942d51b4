// NVMe paths against the reference on QEMU's emulated NVMe: a subsystem
// with two controllers sharing two namespaces, and one with a single
// controller and ten namespaces. With nvme_core multipath=N each
// controller's namespace is a block device dm-multipath uses: path facts,
// map creation (output, tables, bindings), -l/-ll, -c and a deleted
// controller are compared. With multipath=Y the kernel multipaths them
// itself: -ll -e lists them through the nvme foreign library.
import { beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { DRY_RUN_SCSI_TIMEOUTS, FIELD_DIFFERENCES, FOREIGN_PATH_COLUMNS, NATIVE_NVME_DEVNODE, normalizeMessages } from "../differences.ts";
import { untimed } from "./compare.ts";
import { type VmResult, runVm, section } from "./harness.ts";

const LIST = ["-ll", "-l", "-ll mpatha", "-ll /dev/nvme0n1", "-l -v1", "-ll nvme.1b36-4d504231-51454d55204e564d65204374726c-0000000a"];
const NATIVE = ["-ll -e", "-l -e", "-ll -e -v1", "-ll", "-l -e mpatha"];

let r: VmResult;
beforeAll(async () => {
  const list = (tag: string) => LIST.map((c, i) => `run ref-${tag}-${i} /ref/sbin/multipath ${c}\nrun our-${tag}-${i} multipath ${c}`).join("\n");
  const create = (tool: string, bin: string) => `
reset
run ${tool}-dry ${bin} -d
run ${tool}-create ${bin}
run ${tool}-table sh -c 'dmsetup table | sort'
run ${tool}-bindings cat /etc/multipath/bindings
run ${tool}-wwids cat /etc/multipath/wwids
run ${tool}-rerun ${bin}`;
  r = await runVm(String.raw`
reset() { /ref/sbin/multipath -F >/dev/null 2>&1; dmsetup remove_all --noudevsync >/dev/null 2>&1; rm -f /etc/multipath/bindings /etc/multipath/wwids; udevadm settle; }
TCP=nqn.2026-01.org.mpathbox:tcp0
nvme_load dm
run tcp nvmet_tcp_subsys $TCP 8 2
TCPDEV=$(for d in $(nvme_disks); do [ "$(cat /sys/block/$d/device/transport)" = tcp ] && echo $d; done | head -1)
run tcpdev echo $TCPDEV
run param cat /sys/module/nvme_core/parameters/multipath
run disks nvme_disks
# ANA: nvmet reports it, QEMU does not; detect_prio picks the ana prioritizer for nvmet's paths
simple_conf
run ref-ana-detect /ref/sbin/multipath -d -v3
run our-ana-explain multipath --explain /dev/$TCPDEV
run identify-tcp bun /mpathbox/tests/vm/probes/nvme.ts identify /dev/$TCPDEV
# the reference daemon's view of the paths (strict: it makes no maps)
printf 'defaults {\n    find_multipaths strict\n}\n' > /etc/multipath.conf
/ref/sbin/multipathd -d -s > /tmp/mpd.log 2>&1 &
for i in $(seq 1 100); do /ref/sbin/multipathd show daemon 2>/dev/null | grep -q idle && break; sleep 0.2; done
run ref-paths /ref/sbin/multipathd show paths raw format "%d|%D|%P|%z|%i|%s|%S|%w"
/ref/sbin/multipathd shutdown >/dev/null 2>&1; sleep 1
run our-paths bun /mpathbox/tests/vm/probes/nvme.ts paths
run identify bun /mpathbox/tests/vm/probes/nvme.ts identify /dev/nvme0n1 /dev/char/$(cat /sys/class/nvme/nvme0/dev)
run sysfs-ctrl sh -c 'for a in serial model firmware_rev; do cat /sys/class/nvme/nvme0/$a; done'
# detect_prio on: nvmet's paths get the ana prioritizer (optimized 50, non-optimized 10)
simple_conf
${create("ref", "/ref/sbin/multipath")}
${list("onref")}
run ref-valid /ref/sbin/multipath -c /dev/nvme0n1
run our-valid multipath -c /dev/nvme0n1
${create("our", "multipath")}
${list("onour")}
# a controller is unplugged (its PCI function removed) under I/O: the first path of mpatha and mpathb fails
run unplug sh -c 'echo 1 > /sys/class/nvme/nvme0/device/remove'
udevadm settle
dd if=/dev/mapper/mpatha of=/dev/null bs=4k count=64 iflag=direct 2>/dev/null
dd if=/dev/mapper/mpathb of=/dev/null bs=4k count=64 iflag=direct 2>/dev/null
run dd-after dd if=/dev/mapper/mpatha of=/dev/null bs=4k count=64 iflag=direct
run our-gone-1 multipath -ll
run ref-gone /ref/sbin/multipath -ll
run our-gone-2 multipath -ll
run status-gone sh -c 'dmsetup status | sort'
reset
echo 1 > /sys/bus/pci/rescan
# native NVMe multipath, next to a SCSI map
nvme_load native
echo non-optimized > /sys/kernel/config/nvmet/ports/2/ana_groups/1/ana_state
run tcp-native nvmet_tcp_connect $TCP 2
HEAD=$(ls /sys/block | grep -m1 '^nvme[0-9]*n1$')
run param2 cat /sys/module/nvme_core/parameters/multipath
simple_conf
scsi_debug_paths 2 1 1
run ref-native-create /ref/sbin/multipath
run our-native-dry multipath -d
${NATIVE.map((c, i) => `run ref-native-${i} /ref/sbin/multipath ${c}\nrun our-native-${i} multipath ${c}`).join("\n")}
run ref-native-valid /ref/sbin/multipath -c /dev/$HEAD
run our-native-valid multipath -c /dev/$HEAD
run ref-native-novalid /ref/sbin/multipath -c /dev/nvme99n1
run our-native-novalid multipath -c /dev/nvme99n1
run ref-native-devnode sh -c '/ref/sbin/multipath -t | grep -m1 "devnode \"!"'
run our-native-devnode sh -c 'multipath -t | grep -m1 "devnode \"!"'
printf 'defaults {\n    user_friendly_names yes\n    find_multipaths no\n    enable_foreign "^nvme$"\n}\n' > /etc/multipath.conf
run ref-native-conf /ref/sbin/multipath -ll
run our-native-conf multipath -ll
`, {
    timeoutMs: 700_000,
    nvme: [
      { controllers: 2, namespaces: [{ sizeMb: 64 }, { sizeMb: 32 }] },
      { controllers: 1, namespaces: Array.from({ length: 10 }, () => ({ sizeMb: 1 })) },
    ],
  });
  // MPB_VM_DUMP=file keeps every section for a look at what the guest printed
  if (process.env.MPB_VM_DUMP) writeFileSync(process.env.MPB_VM_DUMP, JSON.stringify(r.sections, null, 1));
}, 720_000);

const lines = (s: string) => s.split("\n").filter(Boolean).sort();
const sameRun = (ref: string, our: string, fix: (t: string) => string = (t) => t, fixRefErr: (t: string) => string = (t) => t) => {
  const a = section(r, ref), b = section(r, our);
  expect(fix(b.out)).toBe(a.out);
  expect(b.rc).toBe(a.rc);
  expect(normalizeMessages(untimed(b.err), "ours")).toBe(fixRefErr(normalizeMessages(untimed(a.err), "reference")));
};

describe("NVMe namespaces as dm-multipath paths (nvme_core multipath=N)", () => {
  test("each controller gives its own namespace disks", () => {
    expect(section(r, "param").out.trim()).toBe("N");
    // QEMU: 2 controllers x 2 namespaces, 1 x 10; nvmet over TCP: 2 controllers x 1
    expect(section(r, "tcp").rc).toBe(0);
    expect(section(r, "disks").out.trim().split("\n")).toHaveLength(2 * 2 + 10 + 2);
  });
  test("path facts equal the reference daemon's: devt, protocol, serial, hcil, vendor/product, size, WWID", () => {
    const ref = lines(section(r, "ref-paths").out);
    const ours = lines(section(r, "our-paths").out).map((l) => {
      const f = l.split("|");
      f[5] = FIELD_DIFFERENCES.pathVendorProductRev.to094(f[5]!);
      return f.join("|");
    });
    expect(ref).toHaveLength(16);
    expect(ours).toEqual(ref);
    // the kernel's blank padding of the controller's attributes is kept, as upstream keeps it
    expect(section(r, "our-paths").out).toContain("|nvme:pcie|MPB0                |0:0:1:1|NVME,QEMU NVMe Ctrl                          ,7.2.22  |64M|nvme.1b36-");
    expect(section(r, "our-paths").out).toMatch(/\|nvme:tcp\|[0-9a-f]+ *\|\d+:\d+:1:1\|NVME,Linux {35},6\.1\.0-\d+\|8\.0M\|uuid\./);
  });
  test("ANA: nvmet's controllers report it, and detect_prio picks ana for their paths as the reference does", () => {
    const dev = section(r, "tcpdev").out.trim();
    expect(dev).toMatch(/^nvme\d+n1$/);
    expect(section(r, "identify-tcp").out).toContain(`/dev/${dev} rc=0 ana=1 `);
    expect(untimed(section(r, "ref-ana-detect").err).split("\n")).toContain(`${dev}: prio = ana (setting: storage device autodetected)`);
    expect(section(r, "our-ana-explain").out.split("\n")).toContain(`${dev}: prio = "ana" (setting: storage device autodetected)`);
  });
  test("Identify Controller through our ioctl agrees with sysfs; QEMU reports no ANA", () => {
    const [sn, mn, fr] = section(r, "sysfs-ctrl").out.split("\n");
    const out = section(r, "identify").out.split("\n").filter(Boolean);
    expect(out).toHaveLength(2);
    for (const l of out) {
      expect(l).toContain(" rc=0 ana=0 ");
      expect(l).toContain(`sn=${sn}|mn=${mn}|fr=${fr}`);
    }
  });
  test("multipath -d prints what the reference would create", () =>
    sameRun("ref-dry", "our-dry", undefined, DRY_RUN_SCSI_TIMEOUTS.reference));
  test("multipath creates the same maps: output, tables, bindings and wwids files", () => {
    sameRun("ref-create", "our-create");
    expect(section(r, "our-table").out).toBe(section(r, "ref-table").out);
    expect(section(r, "our-table").out).toContain("mpatha: 0 131072 multipath 0 0 1 1 service-time 0 2 2 259:");
    expect(section(r, "our-table").out.trim().split("\n")).toHaveLength(13);
    // a map with nvme:tcp paths is bio-based, as upstream forces it
    expect(section(r, "our-table").out).toMatch(/: 0 16384 multipath 3 retain_attached_hw_handler queue_mode bio 0 1 1 service-time 0 2 2 /);
    expect(untimed(section(r, "our-create").err)).toMatch(/: addmap \[0 16384 multipath 2 queue_mode bio 0 1 1 service-time 0 2 1 /);
    expect(section(r, "our-bindings").out).toBe(section(r, "ref-bindings").out);
    expect(section(r, "our-wwids").out).toBe(section(r, "ref-wwids").out);
    expect(section(r, "our-create").out).toContain("create: mpatha (nvme.1b36-4d504230-51454d55204e564d65204374726c-00000001) undef NVME,QEMU NVMe Ctrl");
  });
  test("an unchanged re-run does nothing, as the reference", () => sameRun("ref-rerun", "our-rerun"));
  for (const on of ["onref", "onour"]) {
    LIST.forEach((c, i) => {
      test(`multipath ${c} on the maps ${on === "onref" ? "the reference" : "mpathbox"} made`, () => sameRun(`ref-${on}-${i}`, `our-${on}-${i}`));
    });
  }
  test("-ll shows both controllers' paths with the none checker and const priority", () => {
    const ll = section(r, "our-onour-0").out;
    expect(ll).toContain("`-+- policy='service-time 0' prio=1 status=active\n  |- 0:0:1:1 nvme0n1 259:");
    expect(ll.match(/active ready running/g)).toHaveLength(16);
  });
  test("multipath -c on a namespace disk", () => sameRun("ref-valid", "our-valid"));
  test("an unplugged controller: I/O goes on through the other, -ll equals the reference's", () => {
    expect(section(r, "unplug").rc).toBe(0);
    expect(section(r, "dd-after").rc).toBe(0);
    sameRun("ref-gone", "our-gone-1");
    expect(section(r, "our-gone-2").out).toBe(section(r, "our-gone-1").out);
    expect(section(r, "status-gone").out).toMatch(/^mpatha: .* F 1 /m);
    // as upstream, the unplugged (failed) path is left out of the listing
    expect(section(r, "our-gone-1").out).toContain("status=active\n  `- 1:1:1:1 nvme1n1 259:");
    expect(untimed(section(r, "our-gone-1").err)).toMatch(/^mpatha: discarding non-existing path 259:\d+$/m);
  });
});

describe("natively multipathed NVMe (nvme_core multipath=Y): the foreign library", () => {
  test("the kernel joins the paths: heads only, no dm maps over NVMe", () => {
    expect(section(r, "param2").out.trim()).toBe("Y");
    expect(section(r, "ref-native-create").out).not.toContain("NVME");
    expect(section(r, "our-native-dry").out).toBe("");
  });
  NATIVE.forEach((c, i) => {
    test(`multipath ${c}`, () => sameRun(`ref-native-${i}`, `our-native-${i}`, FOREIGN_PATH_COLUMNS.ours));
  });
  test("-ll -e lists the SCSI map, then each namespace with its controllers' paths", () => {
    const out = section(r, "our-native-0").out;
    expect(out.indexOf("Linux,scsi_debug")).toBeLessThan(out.indexOf("[nvme]:"));
    expect(out).toContain("nvme.1b36-4d504230-51454d55204e564d65204374726c-00000001 [nvme]:nvme");
    expect(out).toContain("size=131072 features='n/a' hwhandler='n/a' wp=rw\n|-+- policy='n/a' prio=n/a status=n/a\n");
    expect(out.match(/ 0:0 n\/a n\/a +live/g)).toHaveLength(2 * 2 + 10);
    // nvmet's subsystem: ANA, one optimized and one non-optimized path
    expect(section(r, "tcp-native").rc).toBe(0);
    expect(out).toMatch(/^uuid\.\S+ \[nvme\]:nvme\d+n1 NVMe,Linux,6\.1\.0-\d+\nsize=16384 features='n\/a' hwhandler='ANA' wp=rw\n\|-\+- policy='n\/a' prio=50 status=optimized\n/m);
    expect(out).toMatch(/`-\+- policy='n\/a' prio=10 status=non-optimized\n  `- \d+:\d+:1 +nvme\d+c\d+n1 +0:0 n\/a non-optimized live\n/);
    // 0.14 aligns the columns: the ten-namespace subsystem widens them
    expect(out).toMatch(/`- \d+:\d+:1  nvme\d+c\d+n1  0:0 /);
    expect(section(r, "our-native-3").out).not.toContain("[nvme]");
  });
  test("enable_foreign in multipath.conf enables the library without -e", () => {
    sameRun("ref-native-conf", "our-native-conf", FOREIGN_PATH_COLUMNS.ours);
    expect(section(r, "our-native-conf").out).toContain("[nvme]:");
  });
  test("a head disk is no path for -c; a node that does not exist is no argument", () => {
    sameRun("ref-native-valid", "our-native-valid");
    expect(section(r, "our-native-valid").out).toBe('DM_MULTIPATH_DEVICE_PATH="0"\n');
    sameRun("ref-native-novalid", "our-native-novalid");
  });
  test("0.14 drops nvme from the devnode blacklist exception when the kernel multipaths NVMe", () => {
    expect(section(r, "our-native-devnode").out).toBe(NATIVE_NVME_DEVNODE.reference(section(r, "ref-native-devnode").out));
    expect(section(r, "our-native-devnode").out).toContain('devnode "!^(sd[a-z]|dasd[a-z])"');
  });
});
