// The tools mpathbox becomes, by argv[0] or first argument. Each is loaded
// only when chosen: udev runs `multipath -u` per block event, so start-up
// must not pay for the daemon, the config schema or kpartx.

export type ToolMain = (argv: string[]) => Promise<number>;

export const TOOLS = ["multipath", "multipathd", "mpathconf", "kpartx", "mpathpersist"] as const;
/** Helpers the udev rules run by name (from udev's program directory), not
 * installed by --install: kpartx_id sets the DM_* properties of dm maps. */
export const HELPERS = ["kpartx_id"] as const;
export type ToolName = (typeof TOOLS)[number] | (typeof HELPERS)[number];

export function isTool(name: string): name is ToolName {
  return (TOOLS as readonly string[]).includes(name) || (HELPERS as readonly string[]).includes(name);
}

export async function loadTool(name: ToolName): Promise<ToolMain> {
  switch (name) {
    case "multipath":
      return (await import("./multipath/main.ts")).main;
    case "multipathd":
      return (await import("./multipathd/main.ts")).main;
    case "mpathconf":
      return (await import("./mpathconf/main.ts")).main;
    case "kpartx":
      return (await import("./kpartx/main.ts")).main;
    case "mpathpersist":
      return (await import("./mpathpersist/main.ts")).main;
    case "kpartx_id":
      return (await import("./kpartx/kpartxId.ts")).main;
  }
}
