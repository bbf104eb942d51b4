// Foreign multipath devices in `multipath -l/-ll`: the nvme library (the
// only one), when `-e` or enable_foreign (a regex of library names,
// default "NONE") enables it. Its maps follow the dm maps.
import { readdirSync } from "node:fs";
import type { Config } from "../../config/index.ts";
import { LOG, condlog } from "../../log.ts";

const LIBRARY = "nvme";

/** Whether enable_foreign's regex selects the library (-e makes it ""). */
export async function foreignEnabled(config: Config, flag: boolean): Promise<boolean> {
  if (flag) return true;
  const { KEYWORDS } = await import("../../config/index.ts");
  const { compileEre } = await import("../../config/posixRegex.ts");
  const pattern = (config.defaults.enable_foreign ?? KEYWORDS.enable_foreign.builtin) as string;
  const re = compileEre(pattern);
  if (!re) {
    condlog(LOG.NOTICE, `_init_foreign: error compiling enable_foreign = "${pattern}"`);
    return false;
  }
  const on = re.test(LIBRARY);
  condlog(LOG.INFO, on ? `foreign library "${LIBRARY}" loaded successfully` : `_init_foreign: foreign library "${LIBRARY}" is not enabled`);
  return on;
}

/** Without an NVMe subsystem the library has nothing to show (and the configuration need not be read). */
export function nvmeSubsystemsPresent(sys = "/sys"): boolean {
  try {
    return readdirSync(`${sys}/class/nvme-subsystem`).length > 0;
  } catch {
    return false;
  }
}

/** The library's topology text for the current system. */
export async function foreignTopology(verbosity: number, bold: boolean): Promise<string> {
  const { udevEnumerate } = await import("../../io/udev.ts");
  const { nvmeForeignMaps } = await import("../../foreign/nvme.ts");
  const { formatForeignTopology } = await import("../../print/foreignNvme.ts");
  const { idCtrlAna } = await import("../../discovery/nvmeAna.ts");
  const { identifyController } = await import("../../io/nvmeAdmin.ts");
  const disks = udevEnumerate({ subsystem: "block", properties: { DEVTYPE: "disk" } }).map((d) => d.syspath);
  const maps = nvmeForeignMaps(disks, (ctrlDevt) => {
    const id = identifyController(`/dev/char/${ctrlDevt}`);
    const r = idCtrlAna(id);
    if (r < 0) {
      condlog(LOG.NOTICE, id.opened ? `test_ana_support: error in nvme_id_ctrl: ${id.errorText}` : `test_ana_support: error opening /dev/char/${ctrlDevt}`);
      return undefined;
    }
    condlog(LOG.INFO, `test_ana_support: NVMe ctrl ${ctrlDevt}: ANA ${r === 1 ? "is" : "is not"} supported`);
    return r === 1;
  });
  return formatForeignTopology(maps, { verbosity, bold });
}
