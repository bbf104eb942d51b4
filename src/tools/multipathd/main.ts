import { getopt } from "../../cli/getopt.ts";
import { VERSION_LINE } from "../../version.ts";
import { notImplemented, stderr } from "../../cli/io.ts";

export const MULTIPATHD_OPTSTRING = ":dsv:k::Bniw";

function usage(): string {
  return `${VERSION_LINE}Usage:
  multipathd [-d|-s] [-v level] [-B] [-w]
  multipathd -k"command"
  multipathd -k
  multipathd command ...

Options:
  -d       stay in the foreground, log to stderr with timestamps
  -s       log to stderr without timestamps
  -v lvl   verbosity (0..4)
  -B       do not modify the bindings file
  -n       ignored (find_multipaths replaces it)
  -w       one dm event waiter per map instead of DM_DEV_ARM_POLL
  -k"cmd"  send one command to the running daemon and print the reply
  -k       interactive client
  command  send the words as one command (e.g. 'show paths')
`;
}

export async function main(argv: string[]): Promise<number> {
  // -h is not in upstream's optstring (it answers with usage and status 1);
  // we answer it as help.
  if (argv[0] === "-h" || argv[0] === "--help") {
    stderr(usage());
    return 0;
  }
  const r = getopt(argv, { short: MULTIPATHD_OPTSTRING });
  if (r.error) {
    stderr(r.error.kind === "unknown" ? `Invalid argument '-${r.error.option}'\n` : usage());
    return 1;
  }
  let k: { arg?: string } | undefined;
  for (const { opt, arg } of r.opts) {
    if (opt === "v" && !/^\d/.test(arg ?? "")) return 1;
    if (opt === "k") k = arg === undefined ? {} : { arg };
    if (opt === "n") stderr("WARNING: ignoring deprecated option -n, use 'ignore_wwids = no' instead\n");
  }
  if (k || r.operands.length) {
    const client = await import("./client.ts");
    if (k?.arg !== undefined) return client.runClientCommand(k.arg);
    if (k) return client.interactive();
    const cmd = client.joinCommand(r.operands);
    if (cmd === null) {
      stderr("multipathd command too large\n");
      return 1;
    }
    return client.runClientCommand(cmd);
  }
  return notImplemented("multipathd", "the daemon");
}
