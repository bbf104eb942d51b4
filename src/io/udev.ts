// libudev through bun:ffi as plain objects: enumeration, device lookup,
// properties and sysfs attributes, and the uevent monitor. Every udev
// object is released on every path; no pointer leaves this file.
import type { Pointer } from "bun:ffi";
import { cbuf, ptrOf, str, udevLib } from "../../ffi/udev.ts";

export type UdevDevice = {
  syspath: string;
  sysname: string;
  devpath: string;
  devnode: string | null;
  subsystem: string | null;
  devtype: string | null;
  devnum: { major: number; minor: number } | null;
  initialized: boolean;
  properties: Record<string, string>;
};
export type UdevEvent = UdevDevice & { action: string | null; seqnum: number };

let ctx: Pointer | null = null;
function udev(): Pointer {
  if (!ctx) {
    ctx = ptrOf(udevLib().udev_new());
    if (!ctx) throw new Error("udev_new failed");
  }
  return ctx;
}

function listEntries(first: Pointer | null): [string, string | null][] {
  const lib = udevLib();
  const out: [string, string | null][] = [];
  for (let e = first; e; e = ptrOf(lib.udev_list_entry_get_next(e))) {
    out.push([str(lib.udev_list_entry_get_name(e)) ?? "", str(lib.udev_list_entry_get_value(e))]);
  }
  return out;
}

// dev_t as glibc encodes it (major in bits 8-19 and 32-43, minor in 0-7 and 20-31)
function splitDevnum(d: bigint): { major: number; minor: number } | null {
  if (d === 0n) return null;
  const major = Number(((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn));
  const minor = Number((d & 0xffn) | ((d >> 12n) & ~0xffn));
  return { major, minor };
}

function describe(d: Pointer): UdevDevice {
  const lib = udevLib();
  const properties: Record<string, string> = {};
  for (const [k, v] of listEntries(ptrOf(lib.udev_device_get_properties_list_entry(d)))) properties[k] = v ?? "";
  return {
    syspath: str(lib.udev_device_get_syspath(d)) ?? "",
    sysname: str(lib.udev_device_get_sysname(d)) ?? "",
    devpath: str(lib.udev_device_get_devpath(d)) ?? "",
    devnode: str(lib.udev_device_get_devnode(d)),
    subsystem: str(lib.udev_device_get_subsystem(d)),
    devtype: str(lib.udev_device_get_devtype(d)),
    devnum: splitDevnum(BigInt(lib.udev_device_get_devnum(d))),
    initialized: lib.udev_device_get_is_initialized(d) > 0,
    properties,
  };
}

/** Take ownership of a device reference: describe it, then release it. */
function consume(d: Pointer | bigint | null): UdevDevice | null {
  const p = ptrOf(d);
  if (!p) return null;
  try {
    return describe(p);
  } finally {
    udevLib().udev_device_unref(p);
  }
}

export type EnumerateFilter = { subsystem?: string; sysname?: string; properties?: Record<string, string> };

/** Devices matching every given filter, in udev's (sysfs path) order. */
export function udevEnumerate(filter: EnumerateFilter = {}): UdevDevice[] {
  const lib = udevLib();
  const e = ptrOf(lib.udev_enumerate_new(udev()));
  if (!e) throw new Error("udev_enumerate_new failed");
  try {
    if (filter.subsystem) lib.udev_enumerate_add_match_subsystem(e, cbuf(filter.subsystem));
    if (filter.sysname) lib.udev_enumerate_add_match_sysname(e, cbuf(filter.sysname));
    for (const [k, v] of Object.entries(filter.properties ?? {})) {
      lib.udev_enumerate_add_match_property(e, cbuf(k), cbuf(v));
    }
    const rc = lib.udev_enumerate_scan_devices(e);
    if (rc < 0) throw new Error(`udev_enumerate_scan_devices failed (${rc})`);
    const out: UdevDevice[] = [];
    for (const [syspath] of listEntries(ptrOf(lib.udev_enumerate_get_list_entry(e)))) {
      const d = consume(lib.udev_device_new_from_syspath(udev(), cbuf(syspath)));
      if (d) out.push(d); // a device may vanish between scan and lookup
    }
    return out;
  } finally {
    lib.udev_enumerate_unref(e);
  }
}

export function udevDeviceBySyspath(syspath: string): UdevDevice | null {
  return consume(udevLib().udev_device_new_from_syspath(udev(), cbuf(syspath)));
}

export function udevDeviceByDevnum(type: "b" | "c", major: number, minor: number): UdevDevice | null {
  const devnum = (BigInt(major & 0xfff) << 8n) | BigInt(minor & 0xff) | (BigInt(minor & ~0xff) << 12n) |
    (BigInt(major & ~0xfff) << 32n);
  return consume(udevLib().udev_device_new_from_devnum(udev(), type.charCodeAt(0), devnum));
}

export function udevDeviceBySubsystemSysname(subsystem: string, sysname: string): UdevDevice | null {
  return consume(udevLib().udev_device_new_from_subsystem_sysname(udev(), cbuf(subsystem), cbuf(sysname)));
}

/** A sysfs attribute through libudev (null when absent or unreadable). */
export function udevSysattr(syspath: string, attr: string): string | null {
  const lib = udevLib();
  const d = ptrOf(lib.udev_device_new_from_syspath(udev(), cbuf(syspath)));
  if (!d) return null;
  try {
    return str(lib.udev_device_get_sysattr_value(d, cbuf(attr)));
  } finally {
    lib.udev_device_unref(d);
  }
}

/** The nearest ancestor in `subsystem` (and `devtype`), e.g. the scsi_device of a disk. */
export function udevParent(syspath: string, subsystem: string, devtype?: string): UdevDevice | null {
  const lib = udevLib();
  const d = ptrOf(lib.udev_device_new_from_syspath(udev(), cbuf(syspath)));
  if (!d) return null;
  try {
    // the parent is owned by the child: describe it before the child goes
    const p = ptrOf(lib.udev_device_get_parent_with_subsystem_devtype(d, cbuf(subsystem), devtype ? cbuf(devtype) : null));
    return p ? describe(p) : null;
  } finally {
    lib.udev_device_unref(d);
  }
}

export type MonitorFilter = { subsystem: string; devtype?: string };

/** A uevent monitor on udev's ("udev": processed, with properties) or the
 * kernel's ("kernel": raw) netlink source. Poll `fd`, then `receive()`. */
export class UdevMonitor {
  private constructor(private mon: Pointer | null, readonly fd: number) {}

  static open(source: "udev" | "kernel", filters: MonitorFilter[], bufferBytes = 8 << 20): UdevMonitor {
    const lib = udevLib();
    const mon = ptrOf(lib.udev_monitor_new_from_netlink(udev(), cbuf(source)));
    if (!mon) throw new Error(`udev_monitor_new_from_netlink(${source}) failed`);
    try {
      for (const f of filters) {
        const rc = lib.udev_monitor_filter_add_match_subsystem_devtype(mon, cbuf(f.subsystem), f.devtype ? cbuf(f.devtype) : null);
        if (rc < 0) throw new Error(`udev monitor filter ${f.subsystem} failed (${rc})`);
      }
      lib.udev_monitor_set_receive_buffer_size(mon, bufferBytes);
      const rc = lib.udev_monitor_enable_receiving(mon);
      if (rc < 0) throw new Error(`udev_monitor_enable_receiving failed (${rc})`);
      return new UdevMonitor(mon, lib.udev_monitor_get_fd(mon));
    } catch (e) {
      lib.udev_monitor_unref(mon);
      throw e;
    }
  }

  /** The next queued event, or null when none is waiting (non-blocking). */
  receive(): UdevEvent | null {
    if (!this.mon) return null;
    const lib = udevLib();
    const d = ptrOf(lib.udev_monitor_receive_device(this.mon));
    if (!d) return null;
    try {
      return { ...describe(d), action: str(lib.udev_device_get_action(d)), seqnum: Number(lib.udev_device_get_seqnum(d)) };
    } finally {
      lib.udev_device_unref(d);
    }
  }

  close(): void {
    if (this.mon) udevLib().udev_monitor_unref(this.mon);
    this.mon = null;
  }
}
