// SO_PEERCRED through Bun.listen's socket fd: a client process connects over
// an abstract unix socket; the server sees its pid and uid.
import { expect, test } from "bun:test";
import { peerCred } from "../../../src/io/peercred.ts";

test("peer credentials of a client process", async () => {
  const name = `\0/mpathbox-peercred-${process.pid}`;
  let seen: { pid: number; uid: number; gid: number } | undefined;
  const server = Bun.listen({
    unix: name,
    socket: {
      open(s) {
        seen = peerCred(s);
        s.end();
      },
      data() {},
    },
  });
  try {
    const client = Bun.spawn(
      [process.execPath, "-e", `await Bun.connect({ unix: ${JSON.stringify(name)}, socket: { data() {}, close() { process.exit(0) } } }); setTimeout(() => process.exit(0), 2000);`],
      { stdout: "ignore", stderr: "inherit" },
    );
    for (let i = 0; i < 200 && !seen; i++) await Bun.sleep(10);
    await client.exited;
    expect(seen).toBeDefined();
    expect(seen!.pid).toBe(client.pid);
    expect(seen!.uid).toBe(process.getuid!());
    expect(seen!.gid).toBe(process.getgid!());
  } finally {
    server.stop(true);
  }
});

// dropping to nobody needs root (CI runs as root)
test.skipIf(process.getuid!() !== 0)("a nobody client is seen as uid 65534", async () => {
  const name = `\0/mpathbox-peercred-nobody-${process.pid}`;
  let uid: number | undefined;
  const server = Bun.listen({ unix: name, socket: { open(s) { uid = peerCred(s)?.uid; s.end(); }, data() {} } });
  try {
    const p = Bun.spawn(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, "-e",
      `await Bun.connect({ unix: ${JSON.stringify(name)}, socket: { data() {}, close() { process.exit(0) } } }); setTimeout(() => process.exit(0), 2000);`]);
    for (let i = 0; i < 200 && uid === undefined; i++) await Bun.sleep(10);
    await p.exited;
    expect(uid).toBe(65534);
  } finally {
    server.stop(true);
  }
});
