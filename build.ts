// Builds dist/mpathbox: one compiled executable holding every tool, plus the
// daemon's poll worker as a second entrypoint (a Worker can only load a
// module that was bundled as an entrypoint). Never strip the result: strip
// removes the embedded payload and leaves a plain bun runtime.
import { mkdirSync, statSync } from "node:fs";

const outfile = "dist/mpathbox";
mkdirSync("dist", { recursive: true });

const result = await Bun.build({
  entrypoints: ["src/main.ts", "src/io/pollworker.ts"],
  // Paths inside the binary follow the repository layout: the poll worker
  // is /$bunfs/root/src/io/pollworker.js (src/io/fdwatch.ts relies on it).
  root: ".",
  compile: {
    outfile,
    // A root daemon must not pick up ./.env or ./bunfig.toml from its cwd.
    autoloadDotenv: false,
    autoloadBunfig: false,
  },
  minify: true,
  splitting: true,
  bytecode: true,
  format: "esm",
  sourcemap: "none",
});

if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
const size = statSync(outfile).size;
console.log(`built ${outfile}: ${size} bytes (${(size / 1048576).toFixed(1)} MiB)`);
