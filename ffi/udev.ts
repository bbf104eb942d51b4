// Raw libudev bindings (dlopen by soname). Only src/io/udev.ts uses these.
import { CString, dlopen, type Pointer } from "bun:ffi";

const P = "ptr", I = "i32", U64 = "u64";

export const UDEV_SONAME = "libudev.so.1";

function open() {
  return dlopen(UDEV_SONAME, {
    udev_new: { args: [], returns: P },
    udev_unref: { args: [P], returns: P },
    udev_enumerate_new: { args: [P], returns: P },
    udev_enumerate_unref: { args: [P], returns: P },
    udev_enumerate_add_match_subsystem: { args: [P, P], returns: I },
    udev_enumerate_add_match_property: { args: [P, P, P], returns: I },
    udev_enumerate_add_match_sysname: { args: [P, P], returns: I },
    udev_enumerate_scan_devices: { args: [P], returns: I },
    udev_enumerate_get_list_entry: { args: [P], returns: P },
    udev_list_entry_get_next: { args: [P], returns: P },
    udev_list_entry_get_name: { args: [P], returns: P },
    udev_list_entry_get_value: { args: [P], returns: P },
    udev_device_new_from_syspath: { args: [P, P], returns: P },
    udev_device_new_from_devnum: { args: [P, "u8", U64], returns: P },
    udev_device_new_from_subsystem_sysname: { args: [P, P, P], returns: P },
    udev_device_unref: { args: [P], returns: P },
    udev_device_get_syspath: { args: [P], returns: P },
    udev_device_get_sysname: { args: [P], returns: P },
    udev_device_get_devpath: { args: [P], returns: P },
    udev_device_get_devnode: { args: [P], returns: P },
    udev_device_get_subsystem: { args: [P], returns: P },
    udev_device_get_devtype: { args: [P], returns: P },
    udev_device_get_action: { args: [P], returns: P },
    udev_device_get_devnum: { args: [P], returns: U64 },
    udev_device_get_seqnum: { args: [P], returns: U64 },
    udev_device_get_is_initialized: { args: [P], returns: I },
    udev_device_get_properties_list_entry: { args: [P], returns: P },
    udev_device_get_property_value: { args: [P, P], returns: P },
    udev_device_get_sysattr_value: { args: [P, P], returns: P },
    udev_device_get_parent_with_subsystem_devtype: { args: [P, P, P], returns: P },
    udev_monitor_new_from_netlink: { args: [P, P], returns: P },
    udev_monitor_unref: { args: [P], returns: P },
    udev_monitor_filter_add_match_subsystem_devtype: { args: [P, P, P], returns: I },
    udev_monitor_set_receive_buffer_size: { args: [P, I], returns: I },
    udev_monitor_enable_receiving: { args: [P], returns: I },
    udev_monitor_get_fd: { args: [P], returns: I },
    udev_monitor_receive_device: { args: [P], returns: P },
  }).symbols;
}

let lib: ReturnType<typeof open> | undefined;

export function udevLib(): ReturnType<typeof open> {
  if (!lib) {
    try {
      lib = open();
    } catch (e) {
      throw new Error(`cannot load ${UDEV_SONAME} (install libudev1): ${(e as Error).message}`);
    }
  }
  return lib;
}

/** bun-types declares pointer returns as Pointer | bigint | null; at run time they are numbers. */
export function ptrOf(p: Pointer | bigint | null): Pointer | null {
  if (p === null || p === 0 || p === 0n) return null;
  return (typeof p === "bigint" ? Number(p) : p) as Pointer;
}

export function str(p: Pointer | bigint | null): string | null {
  const q = ptrOf(p);
  return q ? new CString(q).toString() : null;
}

export function cbuf(s: string): Buffer {
  return Buffer.from(s + "\0");
}

