// syslog(3) through libc, for the udev helper modes (`multipath -u/-U`),
// which log to syslog as upstream does. The message goes through "%s" so
// that no text is taken as a format. Nothing is bound until the first
// message: udev runs the helper per event, and most runs log nothing.
import { dlopen } from "bun:ffi";

const LOG_DAEMON = 3 << 3;

type Lib = ReturnType<typeof bind>;
const bind = () =>
  dlopen("libc.so.6", {
    openlog: { args: ["ptr", "i32", "i32"], returns: "void" },
    // variadic: one string argument after the format
    syslog: { args: ["i32", "ptr", "ptr"], returns: "void" },
  });

let lib: Lib | undefined;
// openlog keeps the ident pointer: it must live as long as the process.
let ident: Buffer | undefined;
const FORMAT = Buffer.from("%s\0");

/** Messages from now on go out as `name` (openlog at the first one). */
export function openSyslog(name: string): void {
  ident = Buffer.from(name + "\0");
}

/** priority: syslog level 0..7 */
export function syslog(priority: number, msg: string): void {
  if (!lib) {
    lib = bind();
    if (ident) lib.symbols.openlog(ident, 0, LOG_DAEMON);
  }
  lib.symbols.syslog(priority, FORMAT, Buffer.from(msg + "\0"));
}
