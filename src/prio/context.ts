// What a prioritizer may look at besides the path's fd: facts discovery
// already has, and a few sysfs/devfs reads, given as functions so that tests
// can answer them from captured trees.
import type { Io } from "../checkers/io.ts";

/** PRIO_UNDEF: the priority could not be had */
export const PRIO_UNDEF = -1;

export type PrioPathFacts = {
  dev: string;
  hcil?: { host: number; channel: number; id: number; lun: number };
  /** VPD 0x80 serial as discovery read it ("" when none) */
  serial: string;
  /** SCSI over FC: host and target port names for weightedpath's wwn match */
  fc?: { hostWwnn?: string; hostWwpn?: string; tgtWwpn?: string };
  tgtNodeName: string;
};

export type PrioContext = {
  path: PrioPathFacts;
  /** prio_args as upstream stores them (at most 254 characters) */
  args: string;
  /** get_prio_timeout_ms: 10 ms on a path the checker found down, else checker_timeout */
  timeoutMs: number;
  /** an attribute of the SCSI device (sysfs device/<name>), undefined when absent */
  deviceAttr(name: string): Uint8Array | undefined;
  /** /dev/disk/by-path entries with their link targets, null when the directory is missing */
  byPathLinks(): { name: string; target: string }[] | null;
};

export interface Prioritizer {
  /** as upstream keeps it: at most 15 characters */
  readonly name: string;
  /** the priority, or a negative number when it could not be had */
  getPrio(ctx: PrioContext): Io<number>;
}

/** prio_args are copied into a 255-byte buffer upstream */
export const PRIO_ARGS_MAX = 254;
