import { notImplemented, stderr } from "../../cli/io.ts";

export async function main(argv: string[]): Promise<number> {
  if (argv.includes("-h") || argv.includes("--help")) {
    stderr("mpathbox mpathconf: help is not written yet\n");
    return 0;
  }
  return notImplemented("mpathconf", "this tool");
}
