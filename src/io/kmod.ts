// Loading a kernel module from its file with finit_module(2), for hosts
// without modprobe (a small initramfs): the caller orders dependencies.
import { closeSync, openSync } from "node:fs";
import { SysError, finitModule } from "../../ffi/libc.ts";

const EEXIST = 17;
const MODULE_INIT_COMPRESSED_FILE = 4;

/** Loads the module in `file`; true when it was loaded already. A compressed module needs Linux 6.4+. */
export function loadModuleFile(file: string): boolean {
  const fd = openSync(file, "r");
  try {
    finitModule(fd, "", /\.ko\.\w+$/.test(file) ? MODULE_INIT_COMPRESSED_FILE : 0, file);
    return false;
  } catch (e) {
    if (e instanceof SysError && e.errno === EEXIST) return true;
    throw e;
  } finally {
    closeSync(fd);
  }
}
