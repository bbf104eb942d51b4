// The dm features string ("<count> feat ...") and the two deprecated
// features that upstream turns into settings (queue_if_no_path,
// retain_attached_hw_handler).

const isSpace = (c: string | undefined): boolean => c !== undefined && /[ \t\n\v\f\r]/.test(c);

/** Remove one feature (possibly with arguments) and fix the count; unchanged when absent or malformed. */
export function removeFeature(features: string, feat: string): string {
  const len = feat.length;
  if (len === 0 || isSpace(feat[0]) || isSpace(feat[len - 1])) return features;
  let ptr = 1;
  for (;;) {
    ptr = features.indexOf(feat, ptr);
    if (ptr < 0) return features;
    if (isSpace(features[ptr - 1]) && (isSpace(features[ptr + len]) || ptr + len === features.length)) break;
    ptr += len;
  }
  const m = /^[ \t\n\v\f\r]*[+-]?\d+/.exec(features);
  if (!m || !isSpace(features[m[0].length])) return features;
  let count = Number(m[0].trim()) - 1;
  for (let i = 0; i < feat.length; i++) {
    if (isSpace(feat[i]) && !isSpace(feat[i + 1]) && i + 1 < feat.length) count--;
  }
  if (count === 0) return "0";
  const featsStart = m[0].length;
  let out = String(count) + features.slice(featsStart, ptr);
  let rest = ptr + len;
  while (isSpace(features[rest])) rest++;
  if (rest < features.length) out += features.slice(rest);
  else out = out.replace(/[ \t\n\v\f\r]+$/, "");
  return out;
}

/** Add a feature (possibly with arguments) unless present, fixing the count; unchanged when malformed. */
export function addFeature(features: string | undefined, feat: string): string | undefined {
  const len = feat.length;
  if (len === 0 || isSpace(feat[0]) || isSpace(feat[len - 1])) return features;
  let words = 1;
  for (let i = 0; i < len; i++) if (isSpace(feat[i]) && !isSpace(feat[i + 1]) && i + 1 < len) words++;
  if (features === undefined) return `${words} ${feat}`;
  for (let at = features.indexOf(feat); at >= 0; at = features.indexOf(feat, at + len)) {
    if (isSpace(features[at - 1]) && (isSpace(features[at + len]) || at + len === features.length)) return features;
  }
  const m = /^[ \t\n\v\f\r]*[+-]?\d+/.exec(features);
  if (!m || !(isSpace(features[m[0].length]) || m[0].length === features.length)) return features;
  return `${Number(m[0].trim()) + words}${features.slice(m[0].length)} ${feat}`;
}

export type QueueMode = "rq" | "bio" | undefined;

/**
 * reconcile_features_with_queue_mode: a "queue_mode X" feature sets the
 * map's queue mode when it has none; a conflicting or invalid one is removed,
 * and a bio-based map always carries "queue_mode bio".
 */
export function reconcileQueueMode(features: string, queueMode: QueueMode): { features: string; queueMode: QueueMode } {
  let mode = queueMode;
  let f = features;
  const at = f.indexOf("queue_mode");
  const m = at > 0 && isSpace(f[at - 1]) ? /^queue_mode([ \f\n\r\t\v]+)(\S+)/.exec(f.slice(at)) : null;
  let modeStr: string | undefined;
  if (m) {
    modeStr = m[0];
    const val = m[2]!;
    const featureMode: QueueMode = val === "rq" || val === "mq" ? "rq" : val === "bio" ? "bio" : undefined;
    if (featureMode !== undefined) {
      mode ??= featureMode;
      if (mode === featureMode) return { features: f, queueMode: mode };
    }
  }
  if (modeStr !== undefined) f = removeFeature(f, modeStr);
  if (mode === "bio") f = addFeature(f, "queue_mode bio") ?? f;
  return { features: f, queueMode: mode };
}

export type FeatureNote = { level: 0 | 2 | 3; message: string };

/**
 * reconcile_features_with_options: "queue_if_no_path" becomes no_path_retry
 * queue, "retain_attached_hw_handler" becomes that setting; both are removed
 * from the features string.
 */
export function reconcileFeatures<N, R>(
  id: string,
  entry: { features?: string; no_path_retry?: N | "queue"; retain_attached_hw_handler?: R | "yes" | "no" },
  notes: FeatureNote[] = [],
): void {
  const features = entry.features;
  if (features === undefined) return;
  if (features.includes("queue_if_no_path")) {
    notes.push({
      level: 0,
      message: `${id}: option 'features "1 queue_if_no_path"' is deprecated, please use 'no_path_retry queue' instead`,
    });
    if (entry.no_path_retry === undefined) entry.no_path_retry = "queue";
    if (entry.no_path_retry !== "queue")
      notes.push({
        level: 2,
        message: `${id}: ignoring feature 'queue_if_no_path' because no_path_retry is set to '${String(entry.no_path_retry)}'`,
      });
    entry.features = removeFeature(entry.features ?? "", "queue_if_no_path");
  }
  if ((entry.features ?? "").includes("retain_attached_hw_handler")) {
    notes.push({ level: 0, message: `${id}: option 'features "1 retain_attached_hw_handler"' is deprecated` });
    if (entry.retain_attached_hw_handler === undefined) entry.retain_attached_hw_handler = "yes";
    entry.features = removeFeature(entry.features ?? "", "retain_attached_hw_handler");
  }
}
