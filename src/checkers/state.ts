// Path states as checkers report them (upstream's PATH_* values).
export type CheckerState =
  | "up" | "down" | "shaky" | "ghost" | "pending" | "timeout" | "delayed" | "disconnected" | "unchecked" | "wild";

export type CheckResult = { state: CheckerState; message: string };
