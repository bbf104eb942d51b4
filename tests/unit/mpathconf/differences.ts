// THE list of cases where mpathconf deliberately does not do what Red Hat's
// script was observed to do (rh-observed.json). Each entry says why and
// turns the observed outcome into mpathbox's; tests excuse nothing else.
import type { Outcome } from "../../host/mpathconf/world.ts";
import { BIG_CONF } from "./cases.ts";

export type Difference = {
  reason: string;
  /** mpathbox's whole run (host tier) */
  run: (rh: Outcome) => Outcome;
  /** the file the plan writes, where it differs (unit tier; default: as observed) */
  planFile?: string;
};

const ourWriteError = (rh: Outcome): Outcome => ({
  ...rh,
  // cp's complaint becomes ours: the same words with our name (and cp's "error writing" is "cannot create")
  stderr: rh.stderr.replace(/^cp: (?:cannot create regular file|error writing|error copying '[^']*' to) '([^']*)': (.*)$/m,
    "mpathconf: cannot create regular file '$1': $2")
    .replace(/^cp: not writing through dangling symlink/m, "mpathconf: not writing through dangling symlink"),
});
const noModule = (rh: Outcome): Outcome => ({ ...rh, stderr: `${rh.stderr}mpathconf: could not load the dm_multipath module\n` });
const refused = (why: string) => (rh: Outcome): Outcome => ({
  ...rh, rc: 1, files: {}, stdout: `the new configuration would not parse, @W/out/c not updated:\n${why}`,
});
const sedAccepts = (file: string) => (rh: Outcome): Outcome => ({ ...rh, stderr: "", files: { "@OUT/c": `600 ${file}` } });

const OPTIONS_FILE = (line: string) =>
  `defaults {\n\tpolling_interval 100\n\treservation_key file\n${line}\n\tmax_fds_x 1\n}\nblacklist {\n}\n`;

export const DIFFERENCES: Record<string, Difference> = {
  'args ["--enable","--outfile","@OUT/nodir/c"]': { reason: "our message for a failed write names us, not cp", run: ourWriteError },
  "outfile dangling symlink": { reason: "our message for a refused write names us, not cp", run: ourWriteError },
  "read-only outfile directory": { reason: "our message for a failed write names us, not cp", run: ourWriteError },
  "full filesystem: backup fits, new file does not": {
    reason: "the script's cp truncates the file and fails half-way; ours writes a temporary file first, so the old file stays",
    run: (rh) => ({ ...ourWriteError(rh), files: { ...rh.files, "@OUT/full/c": "644 precious\n" } }),
  },
  "full filesystem: nothing fits": {
    reason: "the script's cp leaves an empty c.old behind; ours removes its temporary file",
    run: (rh) => {
      const o = ourWriteError(rh);
      const { ["@OUT/full/c.old"]: _, ...files } = o.files;
      return { ...o, files };
    },
  },
  "full filesystem: in place": {
    reason: "the script cannot write its temporary copy, goes on with an empty file and installs it (exit 0, configuration lost); " +
      "ours refuses and keeps the file",
    run: (rh) => ({
      ...rh, rc: 1, commands: [],
      stdout: "failed to copy new config file into place, check /etc/multipath.conf is still OK\n",
      stderr: "mpathconf: cannot create regular file '/etc/multipath.conf': No space left on device\n",
      // the backup went to /etc, which had room; the file itself is untouched
      files: { "/etc/multipath.conf": `644 ${BIG_CONF}`, "/etc/multipath.conf.old": `600 ${BIG_CONF}` },
    }),
  },
  'service modprobeFails ["--enable"]': { reason: "we say when dm_multipath could not be loaded", run: noModule },
  'service modprobeFails ["--enable","--with_multipathd","y"]': { reason: "we say when dm_multipath could not be loaded", run: noModule },
  'service modprobeFails ["--enable","--find_multipaths","n","--with_multipathd","y"]': {
    reason: "we say when dm_multipath could not be loaded", run: noModule,
  },
  'options ["--option","reservation_key:0x12 34"]': {
    reason: "the result would not load (an invalid reservation_key fails the config); ours refuses it",
    run: refused("@W/out/c line 3, parsing failed: \treservation_key \"0x12 34\"\nerror parsing config file\n"),
  },
  'options ["--option","polling_interval:a&b"]': {
    reason: "sed puts the matched line in place of &, which breaks the line; ours refuses the result",
    run: refused("@W/out/c line 2, ignoring extra data starting with 'polling_interval'\n" +
      "@W/out/c line 2, invalid value for polling_interval: \"a\" (accepted: a non-negative integer)\n"),
  },
  'options ["--option","defaults:"]': {
    reason: "the name matches the section header, which is deleted; ours refuses the result",
    run: refused("@W/out/c line 1, invalid keyword: polling_interval\n@W/out/c line 2, invalid keyword: reservation_key\n" +
      "@W/out/c line 4, invalid keyword: max_fds_x\n@W/out/c line 5, unmatched '}'\n@W/out/c line 5, invalid keyword: }\n"),
  },
  'options ["--option","polling_interval:/x"]': {
    reason: "sed rejects an s command with / in the value and the option is silently not set; ours sets it",
    run: sedAccepts(OPTIONS_FILE("\tmax_fds").replace("\tpolling_interval 100", "\tpolling_interval /x")),
    planFile: OPTIONS_FILE("\tmax_fds").replace("\tpolling_interval 100", "\tpolling_interval /x"),
  },
  'options ["--option","*max_fds:4"]': {
    reason: "sed rejects the pattern grep accepted (a leading *) and nothing changes; ours replaces the line grep found",
    run: sedAccepts(OPTIONS_FILE("\t*max_fds 4")),
    planFile: OPTIONS_FILE("\t*max_fds 4"),
  },
};
