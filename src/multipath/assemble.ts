// The dm table parameters of a map as configured: features (queueing added
// per no_path_retry), hardware handler, path groups with the selector and
// each path's repeat count (scaled by priority with rr_weight priorities).
import { addFeature as addFeatureOrKeep } from "../config/features.ts";
import { type MpathTable, formatMpathTable } from "../dm/mpathTable.ts";

/** add_feature on a selected (never undefined) features string. */
export const addFeature = (features: string, feat: string): string => addFeatureOrKeep(features, feat) ?? features;

export type NoPathRetry = "undef" | "fail" | "queue" | number;

export type AssembleInput = {
  /** selected features string, "<count> words..." */
  features: string;
  /** selected hardware handler string, "0" or "1 alua" */
  hwhandler: string;
  /** "service-time 0" */
  selector: string;
  noPathRetry: NoPathRetry;
  retainHwhandler: boolean;
  rrWeight: "uniform" | "priorities";
  minio: number;
  /** 1-based best group; ignored without groups */
  bestGroup: number;
  groups: { paths: { devt: string; priority: number }[] }[];
  /** no_path_retry has run out while no path is active: do not queue */
  queueingTimedOut?: boolean;
  kernel: readonly [number, number];
};

export function effectiveFeatures(inp: AssembleInput): string {
  let features = inp.features;
  const queue = inp.noPathRetry === "queue" ||
    (typeof inp.noPathRetry === "number" && !inp.queueingTimedOut);
  if (queue) features = addFeature(features, "queue_if_no_path");
  const [maj, min] = inp.kernel;
  if (inp.retainHwhandler && (maj < 4 || (maj === 4 && min < 3))) {
    features = addFeature(features, "retain_attached_hw_handler");
  }
  return features;
}

const words = (s: string): string[] => s.trim().split(/\s+/).slice(1);

export function assembleTable(inp: AssembleInput): MpathTable {
  const [selector, ...selectorRest] = inp.selector.trim().split(/\s+/);
  return {
    features: words(effectiveFeatures(inp)),
    hwhandler: words(inp.hwhandler),
    nextGroup: inp.groups.length ? inp.bestGroup : 0,
    groups: inp.groups.map((g) => ({
      selector: selector!,
      selectorArgs: selectorRest.slice(1),
      paths: g.paths.map((p) => ({
        devt: p.devt,
        args: [String(inp.rrWeight === "priorities" && p.priority > 0 ? inp.minio * p.priority : inp.minio)],
      })),
    })),
  };
}

export function assembleParams(inp: AssembleInput): string {
  return formatMpathTable(assembleTable(inp));
}
