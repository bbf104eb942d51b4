// Our socket framing against the reference C client (Debian's multipathd
// 0.9.4, which only knows the abstract socket), and our client against a
// server of ours.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { FrameDecoder, MAX_CMD_LEN, encodeMessage } from "../../src/ipc/framing.ts";
import { sendCommand } from "../../src/ipc/client.ts";

const REF = "/usr/sbin/multipathd";
const received: string[] = [];
let server: ReturnType<typeof Bun.listen> | undefined;

function listen(path: string) {
  return Bun.listen<{ d: FrameDecoder }>({
    unix: path,
    socket: {
      open(s) {
        s.data = { d: new FrameDecoder(MAX_CMD_LEN) };
      },
      data(s, chunk) {
        for (const cmd of s.data.d.push(chunk)) {
          received.push(cmd);
          s.write(encodeMessage(cmd.startsWith("show") ? `reply to <${cmd}>\n` : "fail\n"));
        }
      },
    },
  });
}

beforeAll(() => {
  server = listen("\0/org/kernel/linux/storage/multipathd");
});
afterAll(() => server?.stop(true));

describe("CLI socket framing", () => {
  // (spawned asynchronously: the server runs on this thread)
  const run = async (args: string[]) => {
    const p = Bun.spawn([REF, ...args], { stdout: "pipe", stderr: "pipe" });
    return { rc: await p.exited, out: await new Response(p.stdout).text() };
  };
  test("the reference client talks to our server", async () => {
    expect(existsSync(REF)).toBe(true);
    const p = await run(["show", "paths", "format", "%d %w"]);
    expect(p.rc).toBe(0);
    // 0.9.4's client puts a space after every word, then the newline
    expect(received.at(-1)).toBe('show paths format "%d %w" \n');
    expect(p.out).toBe('reply to <show paths format "%d %w" \n>\n');
    const bad = await run(["reconfigure"]);
    expect(bad.rc).toBe(1);
    expect(received.at(-1)).toBe("reconfigure \n");
  });
  test("our client talks to our server through MULTIPATH_SOCKET_NAME", async () => {
    const name = `@/mpathbox-test-${process.pid}`;
    const s = listen(`\0${name.slice(1)}`);
    const saved = process.env.MULTIPATH_SOCKET_NAME;
    process.env.MULTIPATH_SOCKET_NAME = name;
    try {
      expect(await sendCommand("show daemon")).toBe("reply to <show daemon>\n");
    } finally {
      process.env.MULTIPATH_SOCKET_NAME = saved;
      s.stop(true);
    }
  });
  test("no daemon: a connect error, not a hang", async () => {
    process.env.MULTIPATH_SOCKET_NAME = `@/mpathbox-nobody-${process.pid}`;
    try {
      await expect(sendCommand("show daemon")).rejects.toThrow(/cannot connect/);
    } finally {
      delete process.env.MULTIPATH_SOCKET_NAME;
    }
  });
});
