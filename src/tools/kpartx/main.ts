// kpartx: list, add, update and delete the dm-linear maps of a disk's
// partitions (gpt, dos, bsd, solaris, unixware, dasd, mac, sun, ps3).
import { statSync } from "node:fs";
import { getopt, getoptMessage } from "../../cli/getopt.ts";
import { programName, stderr, stdout } from "../../cli/io.ts";
import { VERSION_LINE } from "../../version.ts";

function usage(): string {
  return `${VERSION_LINE}Usage:
  kpartx [-a|-d|-u|-l] [-r] [-p] [-f] [-g] [-s|-n] [-v] wholedisk
	-a add partition devmappings
	-r devmappings will be readonly
	-d del partition devmappings
	-u update partition devmappings
	-l list partitions devmappings that would be added by -a
	-p set device name-partition number delimiter
	-g force GUID partition table (GPT)
	-f force devmap create
	-v verbose
	-n nosync mode. Return before the partitions are created
	-s sync mode (Default). Don't return until the partitions are created
`;
}

export type Mode = "list" | "add" | "delete" | "update";

/** device-mapper has the linear target (upstream's dm_prereq). */
async function linearTargetPresent(sync: boolean): Promise<boolean> {
  const { dmSetUdevSync, dmTargetVersions, useLibdmDefaultLog } = await import("../../io/devmapper.ts");
  useLibdmDefaultLog();
  try {
    dmSetUdevSync(sync);
    return dmTargetVersions().some((t) => t.name.startsWith("linear"));
  } catch {
    return false;
  }
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0) return (stdout(usage()), 1);
  const r = getopt(argv, { short: "rladfgvp:t:snu" });
  if (r.error) {
    stderr(getoptMessage(programName("kpartx"), r.error));
    stdout(usage());
    return 1;
  }
  let mode: Mode = "list";
  let delim: string | undefined;
  let type: string | undefined;
  const o = { readOnly: false, force: false, forceGpt: false, verbose: false, sync: true };
  for (const { opt, arg } of r.opts) {
    if (opt === "l") mode = "list";
    else if (opt === "a") mode = "add";
    else if (opt === "d") mode = "delete";
    else if (opt === "u") mode = "update";
    else if (opt === "r") o.readOnly = true;
    else if (opt === "f") o.force = true;
    else if (opt === "g") o.forceGpt = true;
    else if (opt === "v") o.verbose = true;
    else if (opt === "s") o.sync = true;
    else if (opt === "n") o.sync = false;
    else if (opt === "p") delim = arg ?? "";
    else if (opt === "t") type = arg;
  }
  // upstream asks device-mapper first, whatever the mode, and cares only for -a/-d/-u
  const prereq = await linearTargetPresent(o.sync);
  if (mode !== "list" && !prereq) {
    stderr("device mapper prerequisites not met\n");
    return 1;
  }
  if (r.operands.length === 0 || r.operands.length > 2) return (stdout(usage()), 1);
  const path = r.operands[0]!;
  let st;
  try {
    st = statSync(path);
  } catch {
    stdout(`failed to stat() ${path}\n`);
    return 1;
  }
  if (!st.isFile() && !st.isBlockDevice()) {
    stderr(`invalid device: ${path}\n`);
    return 1;
  }
  const { runKpartx } = await import("./run.ts");
  return runKpartx({ mode, path, isFile: st.isFile(), ...o, ...(delim === undefined ? {} : { delim }), ...(type === undefined ? {} : { type }) });
}
