// Path states as checkers report them (upstream's PATH_* values), and the
// generic checker messages. A message is the tail upstream appends to
// "<name> checker" when it logs a check ("tur checker reports path is up").
export type CheckerState =
  | "up" | "down" | "shaky" | "ghost" | "pending" | "timeout" | "delayed" | "disconnected" | "unchecked" | "wild" | "removed";

export type CheckResult = { state: CheckerState; message: string };

/** upstream's numbering, which some log lines print ("prio error in state 3") */
export const STATE_NUMBER: Record<CheckerState, number> = {
  wild: 0, unchecked: 1, down: 2, up: 3, shaky: 4, ghost: 5, pending: 6, timeout: 7, removed: 8, delayed: 9, disconnected: 10,
};

export const CHECKER_MSG = {
  none: "",
  disabled: " is disabled",
  noFd: " has no usable fd",
  up: " reports path is up",
  down: " reports path is down",
  ghost: " reports path is ghost",
  unsupported: " doesn't support this device",
  disconnected: " no access to this device",
} as const;

export const result = (state: CheckerState, message: string): CheckResult => ({ state, message });
export const UP = result("up", CHECKER_MSG.up);
export const DOWN = result("down", CHECKER_MSG.down);
export const GHOST = result("ghost", CHECKER_MSG.ghost);
export const WILD_UNSUPPORTED = result("wild", CHECKER_MSG.unsupported);

/** The log line of a check, as get_state prints it (none for up/ghost or without a message). */
export function checkerLogLine(dev: string, checker: string, r: CheckResult): string | undefined {
  if (r.state === "up" || r.state === "ghost" || r.message === "") return undefined;
  return `${dev}: ${checker} checker${r.message}`;
}
