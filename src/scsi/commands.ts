// CDBs of the SCSI commands multipath sends.
import type { SgCommand } from "../io/sg.ts";

export const DEFAULT_TIMEOUT_MS = 30_000;

export function testUnitReady(timeoutMs = DEFAULT_TIMEOUT_MS): SgCommand {
  return { cdb: new Uint8Array(6), direction: "none", timeoutMs };
}

/** INQUIRY, standard data or (with `page`) a VPD page. */
export function inquiry(page?: number, allocation = 255, timeoutMs = DEFAULT_TIMEOUT_MS): SgCommand {
  const cdb = new Uint8Array([0x12, page === undefined ? 0 : 1, page ?? 0, (allocation >> 8) & 0xff, allocation & 0xff, 0]);
  return { cdb, direction: "from-device", dataLength: allocation, timeoutMs };
}
