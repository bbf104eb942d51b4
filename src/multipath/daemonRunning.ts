// Whether multipathd listens on its abstract socket, read from
// /proc/net/unix (cheaper than a connection attempt for a warning).
import { readFileSync } from "node:fs";

export const MULTIPATHD_SOCKET = "/org/kernel/linux/storage/multipathd";

export function multipathdListening(procNetUnix = "/proc/net/unix"): boolean {
  try {
    const want = `@${MULTIPATHD_SOCKET}`;
    return readFileSync(procNetUnix, "utf8").split("\n").some((l) => l.endsWith(` ${want}`));
  } catch {
    return false;
  }
}
