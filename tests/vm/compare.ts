// Comparing tool output with the reference's in VM tests.
import { expect } from "bun:test";

/** stderr without the C tools' "<monotonic s>.<usec> | " prefixes. */
export const untimed = (s: string): string => s.replace(/^\d+\.\d{6} \| /gm, "");

/** Every line of `ours` appears in `theirs`, in order (theirs may log more,
 * e.g. the reference's whole -v3 discovery log). */
export function expectSubsequence(ours: string, theirs: string): void {
  const lines = theirs.split("\n");
  let at = 0;
  for (const line of ours.split("\n").filter(Boolean)) {
    const found = lines.indexOf(line, at);
    expect({ line, found: found >= 0 }).toEqual({ line, found: true });
    at = found + 1;
  }
}
