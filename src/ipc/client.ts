// A client of multipathd's CLI socket: connect, send one command, read one
// reply. Used by `multipathd <cmd>`, multipath's delegation and mpathpersist.
import { existsSync } from "node:fs";
import { FrameDecoder, MAX_REPLY_LEN, encodeMessage } from "./framing.ts";

export const ABSTRACT_SOCKET = "@/org/kernel/linux/storage/multipathd";
export const PATHNAME_SOCKET = "/run/multipathd.socket";
export const DEFAULT_UXSOCK_TIMEOUT_MS = 4000;

export type IpcErrorKind = "connect" | "timeout" | "closed" | "protocol";
export class IpcError extends Error {
  constructor(readonly kind: IpcErrorKind, message: string) {
    super(message);
    this.name = "IpcError";
  }
}

/** Socket addresses to try in order: MULTIPATH_SOCKET_NAME, else the
 * pathname socket when it exists, then the abstract one. "@" = abstract. */
export function socketCandidates(env = process.env): string[] {
  const override = env.MULTIPATH_SOCKET_NAME;
  if (override) return [override];
  return existsSync(PATHNAME_SOCKET) ? [PATHNAME_SOCKET, ABSTRACT_SOCKET] : [ABSTRACT_SOCKET];
}

function unixPath(name: string): string {
  return name.startsWith("@") ? `\0${name.slice(1)}` : name;
}

type Conn = {
  send(cmd: string): Promise<string>;
  close(): void;
};

export async function connect(timeoutMs = DEFAULT_UXSOCK_TIMEOUT_MS + 100): Promise<Conn> {
  let lastError: unknown;
  for (const name of socketCandidates()) {
    try {
      return await open(unixPath(name), timeoutMs);
    } catch (e) {
      lastError = e;
    }
  }
  throw new IpcError("connect", `cannot connect to multipathd: ${(lastError as Error)?.message ?? "no socket"}`);
}

async function open(path: string, timeoutMs: number): Promise<Conn> {
  const decoder = new FrameDecoder(MAX_REPLY_LEN);
  let waiter: { resolve: (s: string) => void; reject: (e: Error) => void } | undefined;
  const queue: string[] = [];
  let closed = false;
  const fail = (e: Error) => {
    const w = waiter;
    waiter = undefined;
    w?.reject(e);
  };
  const socket = await Bun.connect({
    unix: path,
    socket: {
      data(_s, chunk) {
        try {
          queue.push(...decoder.push(chunk));
        } catch (e) {
          fail(new IpcError("protocol", (e as Error).message));
          return;
        }
        const w = waiter;
        if (w && queue.length) {
          waiter = undefined;
          w.resolve(queue.shift()!);
        }
      },
      close() {
        closed = true;
        fail(new IpcError("closed", "multipathd closed the connection"));
      },
      error(_s, e) {
        fail(new IpcError("closed", e.message));
      },
    },
  });
  return {
    send(cmd: string) {
      if (closed) return Promise.reject(new IpcError("closed", "connection closed"));
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => fail(new IpcError("timeout", "timeout receiving packet")), timeoutMs);
        waiter = {
          resolve: (s) => (clearTimeout(timer), resolve(s)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        };
        socket.write(encodeMessage(cmd));
        socket.flush();
      });
    },
    close() {
      socket.end();
    },
  };
}

/** Send one command on a fresh connection. */
export async function sendCommand(cmd: string, timeoutMs?: number): Promise<string> {
  const c = await connect(timeoutMs);
  try {
    return await c.send(cmd);
  } finally {
    c.close();
  }
}
