// A PrioContext from plain data, for prioritizer tests.
import type { PrioContext, PrioPathFacts } from "../../../src/prio/context.ts";

export function ctx(o: { path?: Partial<PrioPathFacts>; args?: string; timeoutMs?: number; attrs?: Record<string, string | Uint8Array>; links?: { name: string; target: string }[] | null } = {}): PrioContext {
  return {
    path: { dev: "sda", serial: "", tgtNodeName: "", ...o.path },
    args: o.args ?? "",
    timeoutMs: o.timeoutMs ?? 30000,
    deviceAttr: (name) => {
      const v = o.attrs?.[name];
      return v === undefined ? undefined : typeof v === "string" ? new TextEncoder().encode(v) : v;
    },
    byPathLinks: () => (o.links === undefined ? null : o.links),
  };
}
