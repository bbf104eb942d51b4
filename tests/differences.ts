// THE list of visible differences between Debian's multipath-tools 0.9.4
// (the runnable reference) and 0.14.3 (what mpathbox follows). Differential
// tests excuse a mismatch only through an entry here, and apply exactly these.
// (mpathconf follows Red Hat's script instead; its deliberate differences
// from that script are listed in tests/unit/mpathconf/differences.ts.)

export type KnownDifference = {
  reason: string;
  /** applied to the reference (0.9.4) output */
  reference?: (text: string) => string;
  /** applied to mpathbox's output */
  ours?: (text: string) => string;
};

const dropLines = (re: RegExp) => (t: string) =>
  t
    .split("\n")
    .filter((l) => !re.test(l))
    .join("\n");

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    reason:
      "built-in blacklist devices: 0.14 lists IBM \"S/390 DASD ECKD\" and \"S/390 DASD FBA\" where 0.9.4 has one \"S/390\" entry, and adds Quantum \"cvfsctl\"",
    ours: (t) =>
      t
        .replace('\t\tproduct "S/390 DASD ECKD"\n\t}\n\tdevice {\n\t\tvendor "IBM"\n\t\tproduct "S/390 DASD FBA"\n', '\t\tproduct "S/390"\n')
        .replace('\t}\n\tdevice {\n\t\tvendor "Quantum"\n\t\tproduct "cvfsctl"\n', ""),
  },
  {
    reason:
      "0.9.7+ stopped printing the deprecated bindings_file/wwids_file/prkeys_file, and 0.10 disable_changed_wwids",
    reference: dropLines(/^\t(bindings_file|wwids_file|prkeys_file|disable_changed_wwids) /),
  },
  {
    reason:
      "0.9.4's multipath forces force_sync yes and retrigger_tries 0 before dumping (fixed in 0.10); compare neither",
    reference: dropLines(/^\t(force_sync|retrigger_tries) /),
    ours: dropLines(/^\t(force_sync|retrigger_tries) /),
  },
  {
    reason: "keywords added after 0.9.4: detect_pgpolicy(_use_tpg) 0.9.6, max_retries/auto_resize 0.9.7, purge_disconnected 0.14",
    ours: dropLines(/^\t+(detect_pgpolicy|detect_pgpolicy_use_tpg|max_retries|auto_resize|purge_disconnected) /),
  },
  {
    reason: "flush_on_last_del became always/unused/never in 0.9.9; yes/no are read as always/unused",
    reference: (t) => t.replaceAll('flush_on_last_del "no"', 'flush_on_last_del "unused"').replaceAll(
      'flush_on_last_del "yes"',
      'flush_on_last_del "always"',
    ),
  },
];

/** Keywords of the test configs that 0.9.4 does not know (it warns and ignores them). */
export const KEYWORDS_NEWER_THAN_094 = ["max_retries", "auto_resize", "purge_disconnected", "detect_pgpolicy", "detect_pgpolicy_use_tpg"];

export function normalizeReference(t: string): string {
  return KNOWN_DIFFERENCES.reduce((acc, d) => (d.reference ? d.reference(acc) : acc), t);
}
export function normalizeOurs(t: string): string {
  return KNOWN_DIFFERENCES.reduce((acc, d) => (d.ours ? d.ours(acc) : acc), t);
}

/**
 * A reference (0.9.4) log line in the shape mpathbox's formatDiagnostic uses:
 * no timestamp, "<file> line <n>, <message>". null for lines that are a
 * known difference (keywords 0.9.4 does not know).
 */
export function normalizeReferenceMessage(line: string): string | null {
  let l = line.replace(/^\d+\.\d+ \| /, "");
  // 0.9.7+ ignores bindings_file/wwids_file/prkeys_file and says so in the
  // same words as for other deprecated keywords, naming the built-in value
  if (/ignoring deprecated option "\w+"$|is deprecated and will be disabled in a future release$|is not an absolute path\. Ignoring$/.test(l))
    return null;
  const newer = KEYWORDS_NEWER_THAN_094.find((k) => l.endsWith(`invalid keyword in the defaults section: ${k}`));
  if (newer) return null;
  let m = /^(.*) on line (\d+) of (.*)$/.exec(l);
  if (m) l = `${m[3]} line ${m[2]}, ${m[1]}`;
  m = /^(unmatched '}') at line (\d+) of (.*)$/.exec(l);
  if (m) l = `${m[3]} line ${m[2]}, ${m[1]}`;
  return l;
}

/** Differences in single output fields, outside the `-t` dump. */
export const FIELD_DIFFERENCES = {
  pathVendorProductRev: {
    reason: "path wildcard %s: 0.14 prints vendor,product,rev (## for empty); 0.9.4 prints vendor,product",
    to094: (field: string) => field.split(",").slice(0, 2).join(","),
  },
  failback: {
    reason: "map wildcard %F: 0.14 prints manual (and deferred:N when idle); 0.9.4 prints - for both",
    to094: (value: string) => (value === "manual" || value.startsWith("deferred:") ? "-" : value),
  },
  lioChecker: {
    reason: "built-in LIO-ORG device entry: 0.14 sets path_checker directio and detect_checker no; 0.9.4 autodetects tur",
    vendor: "LIO-ORG",
    keys: ["path_checker", "detect_checker"],
  },
};

/** Differences in the messages multipath prints on stderr (timestamps already removed). */
export const MESSAGE_DIFFERENCES = [
  {
    reason:
      "VPD 0x83: 0.9.4's parse_vpd_pg83 calls vendor-specific (0), logical unit group (6) and MD5 (7) designators invalid and says so; 0.14 reads them",
    reference: (t: string) => t.replace(/^parse_vpd_pg83: invalid device designator at offset \d+: [0-9a-f]{2}[0-3][067][0-9a-f]{4}\n/gm, ""),
  },
  {
    reason: "bindings: 0.14 rewrites the sorted file and logs 'updated bindings file'; 0.9.4 appends a line silently",
    ours: (t: string) => t.replace(/^updated bindings file .*\n/gm, ""),
  },
  {
    reason: "0.14 warns 'setting scsi timeouts is unsupported' once per protocol and run; 0.9.4 once per path",
    reference: (t: string) => {
      const seen = new Set<string>();
      return t.split("\n").filter((l) => {
        const m = l.match(/: setting scsi timeouts is unsupported for protocol (\S+)$/);
        if (!m) return true;
        if (seen.has(m[1]!)) return false;
        seen.add(m[1]!);
        return true;
      }).join("\n");
    },
  },
];

/** Checker and prioritizer behaviour that changed between 0.9.4 and 0.14. */
export const CHECKER_DIFFERENCES = {
  ontapDump: {
    reason: "ontap prioritizer: 0.9.4 prints the CDB and sense dumps on a line of their own after '- SCSI CDB: ' / '- SCSI sense data: '; 0.14 prints each on one line",
    reference: (t: string) => t.replace(/^(- SCSI (?:CDB|sense data): )\n/gm, "$1"),
  },
  datacoreTimeout: {
    reason: "datacore prioritizer: 0.9.4 refuses a timeout= outside [500:20000] ms ('timeout out of bounds'); 0.14 takes any value as the command timeout",
    reference: (t: string) => t.replace(/^.*: datacore prio: prio args: timeout out of bounds \[500:20000\]\n/gm, ""),
  },
  ietNoByPath: {
    reason: "iet prioritizer: without /dev/disk/by-path 0.9.4 dereferences a NULL directory and crashes (SIGSEGV, exit 139); 0.14 gives priority 10",
  },
  turTransitioning: {
    reason: "tur checker: ALUA 'asymmetric access state transition' (02/04/0a) is pending (i/o pending) in 0.14, down (faulty) in 0.9.4",
    /** 0.9.4's -ll text as 0.14 prints it: the paths `devs` pending instead of faulty, each map's state column re-padded */
    reference: (text: string, devs: readonly string[]) => restatePaths(text, devs, "faulty", "i/o pending"),
  },
};

const PATH_LINE = /^(.* (?:active|failed|undef) )(i\/o pending|i\/o timeout|ready|faulty|ghost|shaky|undef|delayed) +(\S+)$/;

/** In -ll output, give paths `devs` the checker state `to` where they show `from`, keeping each map's column aligned. */
function restatePaths(text: string, devs: readonly string[], from: string, to: string): string {
  const lines = text.split("\n");
  const isMapLine = (l: string) => l !== "" && !/^(size=|[|` ])/.test(l);
  for (let start = 0; start < lines.length;) {
    let end = start + 1;
    while (end < lines.length && !isMapLine(lines[end]!)) end++;
    const rows = new Map<number, [string, string, string]>();
    for (let i = start; i < end; i++) {
      const m = PATH_LINE.exec(lines[i]!);
      if (!m) continue;
      const dev = / (\S+) \d+:\d+ /.exec(m[1]!)?.[1];
      rows.set(i, [m[1]!, dev !== undefined && devs.includes(dev) && m[2] === from ? to : m[2]!, m[3]!]);
    }
    const width = Math.max(0, ...[...rows.values()].map((r) => r[1].length));
    for (const [i, [pre, st, last]] of rows) lines[i] = `${pre}${st.padEnd(width)} ${last}`;
    start = end;
  }
  return lines.join("\n");
}

/** 0.14 neither sets nor warns about SCSI timeouts in a dry run; 0.9.4 warns. */
export const DRY_RUN_SCSI_TIMEOUTS = {
  reason: "multipath -d: 0.9.4 warns 'setting scsi timeouts is unsupported'; 0.14 skips scsi timeouts in dry runs",
  reference: (t: string) => t.replace(/^.*: setting scsi timeouts is unsupported for protocol .*\n/gm, ""),
};

export function normalizeMessages(t: string, side: "ours" | "reference"): string {
  return MESSAGE_DIFFERENCES.reduce((acc, d) => {
    const f = (d as { ours?: (t: string) => string; reference?: (t: string) => string })[side];
    return f ? f(acc) : acc;
  }, t);
}

/** The version line of usage texts names the release each side follows. */
export const VERSION_LINE_DIFFERENCE = {
  reason: "usage texts start with the release: multipath-tools v0.9.4 (12/19, 2022) vs v0.14.3 (02/05, 2026)",
  reference: (t: string) => t.replace(/^multipath-tools v0\.9\.4 \(12\/19, 2022\)$/m, "multipath-tools v0.14.3 (02/05, 2026)"),
};

/** Foreign (nvme library) maps in `multipath -l/-ll -e`. */
export const FOREIGN_PATH_COLUMNS = {
  reason:
    "foreign maps: 0.14 aligns the path columns over all of the library's paths; 0.9.4 pads none (its " +
    "print_foreign_topology computes a map layout over the path list, leaving every path width 0)",
  /** ours to 0.9.4's: the path lines of foreign blocks without padding */
  ours: (t: string): string => {
    let foreign = false;
    return t.split("\n").map((l) => {
      if (/^\S+ \[nvme\]:\S+ /.test(l)) foreign = true;
      else if (!/^(size=|[|` ])/.test(l)) foreign = false;
      // path lines: "| `- " or "  `- " then the fields; no field holds a blank
      const m = foreign ? l.match(/^([|` ] `- )(.*)$/) : null;
      return m ? m[1] + m[2]!.replace(/ +/g, " ").trimEnd() : l;
    }).join("\n");
  },
};

/** With native NVMe multipath on, 0.14 leaves nvme devices out of the default devnode blacklist exception. */
export const NATIVE_NVME_DEVNODE = {
  reason:
    "nvme_core multipath=Y: 0.14's built-in devnode blacklist is !^(sd[a-z]|dasd[a-z]) (natively multipathed " +
    "NVMe is not dm's); 0.9.4 always uses !^(sd[a-z]|dasd[a-z]|nvme[0-9]) and skips the heads in pathinfo",
  reference: (t: string): string => t.replace('devnode "!^(sd[a-z]|dasd[a-z]|nvme[0-9])"', 'devnode "!^(sd[a-z]|dasd[a-z])"'),
};
