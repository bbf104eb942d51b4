// multipathd as a client of the running daemon: `multipathd show maps`,
// `multipathd -k"show maps"`, and the interactive `multipathd -k`.
import { stderr, stdout } from "../../cli/io.ts";
import { DEFAULT_UXSOCK_TIMEOUT_MS, IpcError, connect } from "../../ipc/client.ts";

const CMDSIZE = 160;

/** Words as the C client joins them: each followed by a space (quoted when
 * it contains one), then a newline. null when the command is too large. */
export function joinCommand(words: readonly string[]): string | null {
  let s = "";
  for (const w of words) {
    s += w.includes(" ") ? `"${w}" ` : `${w} `;
    if (s.length >= CMDSIZE) return null;
  }
  return s + "\n";
}

/** Print a reply as the 0.14 client does; returns the exit status. */
export function printReply(reply: string): number {
  const failed = reply.startsWith("fail\n");
  stdout(failed && reply.length > 5 ? reply.slice(5) : reply);
  return failed ? 1 : 0;
}

function reportIpcError(e: unknown): number {
  if (e instanceof IpcError && e.kind === "timeout") stdout("timeout receiving packet\n");
  else if (e instanceof IpcError && e.kind === "connect") stderr("ERROR: failed to connect to multipathd\n");
  else stdout(`error ${(e as Error).message} receiving packet\n`);
  return 1;
}

export async function runClientCommand(cmd: string, timeoutMs = DEFAULT_UXSOCK_TIMEOUT_MS + 100): Promise<number> {
  let conn;
  try {
    conn = await connect(timeoutMs);
  } catch (e) {
    return reportIpcError(e);
  }
  try {
    return printReply(await conn.send(cmd));
  } catch (e) {
    return reportIpcError(e);
  } finally {
    conn.close();
  }
}

/** The interactive client: one command per line on one connection, with a
 * prompt on a terminal; from a pipe, the lines are read to the end. */
export async function interactive(timeoutMs = DEFAULT_UXSOCK_TIMEOUT_MS + 100): Promise<number> {
  let conn;
  try {
    conn = await connect(timeoutMs);
  } catch (e) {
    return reportIpcError(e);
  }
  const handle = async (raw: string): Promise<boolean> => {
    const line = raw.trim();
    if (line === "quit" || line === "exit") return false;
    if (!line) return true;
    try {
      printReply(await conn.send(line));
    } catch (e) {
      reportIpcError(e);
      if (e instanceof IpcError && e.kind === "closed") return false;
    }
    return true;
  };
  try {
    if (!process.stdin.isTTY) {
      for (const line of (await Bun.stdin.text()).split("\n")) if (!(await handle(line))) break;
      return 0;
    }
    const { createInterface } = await import("node:readline/promises");
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      for (;;) {
        let line: string;
        try {
          line = await rl.question("multipathd> ");
        } catch {
          break; // end of input
        }
        if (!(await handle(line))) break;
      }
    } finally {
      rl.close();
    }
    return 0;
  } finally {
    conn.close();
  }
}
