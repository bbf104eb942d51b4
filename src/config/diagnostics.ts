import type { Diagnostic } from "./schema.ts";

/** One log line for a diagnostic, in upstream's "<file> line <n>, <what>" shape. */
export function formatDiagnostic(d: Diagnostic): string {
  // upstream's one exception to the comma
  if (d.line > 0 && d.message.startsWith("ignoring deprecated option")) return `${d.file} line ${d.line}: ${d.message}`;
  if (d.line > 0) return `${d.file} line ${d.line}, ${d.message}`;
  return d.message;
}
