import type { Diagnostic } from "./schema.ts";

/** One log line for a diagnostic, in upstream's "<file> line <n>, <what>" shape. */
export function formatDiagnostic(d: Diagnostic): string {
  if (d.line > 0) return `${d.file} line ${d.line}, ${d.message}`;
  return d.message;
}
