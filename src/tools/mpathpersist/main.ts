import { getopt } from "../../cli/getopt.ts";
import { VERSION_LINE } from "../../version.ts";
import { notImplemented, stderr } from "../../cli/io.ts";

const LONG = {
  verbose: { arg: "required", val: "v" },
  clear: { arg: "none", val: "C" },
  device: { arg: "required", val: "d" },
  "batch-file": { arg: "required", val: "f" },
  help: { arg: "none", val: "h" },
  hex: { arg: "none", val: "H" },
  in: { arg: "none", val: "i" },
  out: { arg: "none", val: "o" },
  "param-alltgpt": { arg: "none", val: "Y" },
  "param-aptpl": { arg: "none", val: "Z" },
  "param-rk": { arg: "required", val: "K" },
  "param-sark": { arg: "required", val: "S" },
  preempt: { arg: "none", val: "P" },
  "preempt-abort": { arg: "none", val: "A" },
  "prout-type": { arg: "required", val: "T" },
  "read-full-status": { arg: "none", val: "s" },
  "read-keys": { arg: "none", val: "k" },
  "read-reservation": { arg: "none", val: "r" },
  register: { arg: "none", val: "G" },
  "register-ignore": { arg: "none", val: "I" },
  release: { arg: "none", val: "L" },
  "report-capabilities": { arg: "none", val: "c" },
  reserve: { arg: "none", val: "R" },
  "transport-id": { arg: "required", val: "X" },
  "alloc-length": { arg: "required", val: "l" },
} as const;

function usage(): string {
  return `${VERSION_LINE}Usage: mpathpersist [OPTIONS] [DEVICE]
  --verbose|-v LEVEL          0 critical .. 4 trace
  --device=DEVICE|-d DEVICE   the multipath device to query or change
  --batch-file|-f FILE        read commands from FILE
  --help|-h                   this help
  --hex|-H                    print responses in hex
  --in|-i                     send a PERSISTENT RESERVE IN command
  --out|-o                    send a PERSISTENT RESERVE OUT command
  PR IN:  --read-keys|-k  --read-reservation|-r  --read-full-status|-s
          --report-capabilities|-c  --alloc-length=LEN|-l LEN
  PR OUT: --register|-G  --register-ignore|-I  --reserve|-R  --release|-L
          --clear|-C  --preempt|-P  --preempt-abort|-A
          --param-rk=RK|-K RK  --param-sark=SARK|-S SARK (hex keys)
          --prout-type=TYPE|-T TYPE  --param-alltgpt|-Y  --param-aptpl|-Z
          --transport-id=TIDS|-X TIDS
`;
}

export async function main(argv: string[]): Promise<number> {
  const r = getopt(argv, { short: "v:Cd:hHioYZK:S:PAT:skrGILcRX:l:f:", long: LONG });
  if (r.error) {
    stderr(usage());
    return 1;
  }
  if (r.opts.some((o) => o.opt === "h")) {
    stderr(usage());
    return 0;
  }
  return notImplemented("mpathpersist", "persistent reservations");
}
