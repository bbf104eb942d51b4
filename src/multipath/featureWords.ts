// Removing one feature from a dm features string ("<count> words..."),
// keeping the count right. (The config engine has the full upstream
// remove_feature; this one serves the comparison in selectAction.)
export function removeFeatureWord(features: string, feat: string): string {
  const m = features.trim().match(/^(\d+)((?:\s+\S+)*)$/);
  if (!m) return features;
  const words = (m[2] ?? "").trim().split(/\s+/).filter(Boolean);
  const i = words.indexOf(feat);
  if (i < 0) return features;
  words.splice(i, 1);
  return words.length ? `${Number(m[1]) - 1} ${words.join(" ")}` : "0";
}
