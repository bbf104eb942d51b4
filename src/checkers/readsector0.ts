// The readsector0 checker (deprecated upstream, still selectable): read the
// first 4 KiB through SG_IO.
import { type Io } from "./io.ts";
import { sgRead } from "./sgRead.ts";
import { type CheckResult, DOWN, UP } from "./state.ts";

export function* readsector0Check(timeoutS: number): Io<CheckResult> {
  const r = yield* sgRead(4096, timeoutS);
  return r.state === "up" ? UP : DOWN;
}
