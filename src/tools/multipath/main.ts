import { getopt } from "../../cli/getopt.ts";
import { notImplemented, stderr } from "../../cli/io.ts";
import { MULTIPATH_OPTSTRING, multipathUsage } from "./usage.ts";

export async function main(argv: string[]): Promise<number> {
  const prog = "multipath";
  const r = getopt(argv, { short: MULTIPATH_OPTSTRING });
  if (r.error) {
    stderr(r.error.kind === "missing" ? "Missing option argument\n" : `Unknown switch: (null)\n`);
    stderr(multipathUsage(prog));
    return 1;
  }
  if (r.opts.some((o) => o.opt === "h")) {
    stderr(multipathUsage(prog));
    return 0;
  }
  return notImplemented(prog, "this mode");
}
