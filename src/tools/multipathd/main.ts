import { getopt } from "../../cli/getopt.ts";
import { notImplemented, stderr } from "../../cli/io.ts";

export const MULTIPATHD_OPTSTRING = ":dsv:k::Bniw";

function usage(): string {
  return `mpathbox multipathd (compatible with multipath-tools 0.14)
Usage:
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
    stderr(usage());
    return 1;
  }
  return notImplemented("multipathd", "the daemon and its client");
}
