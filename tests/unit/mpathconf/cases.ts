// The table of mpathconf cases: inputs (no file, Red Hat's default file,
// files with comments, odd spacing, commented-out and glob devnode lines,
// existing exceptions, `find_multipaths 1`, duplicate and indented sections,
// CR LF and missing final newlines...) crossed with the options and their
// combinations, then argument handling, the module and the daemon, and the
// file itself (modes, .old, symlinks, read-only and full filesystems).
// Each case's result as Red Hat's script produced it is in
// rh-observed.json; differences.ts lists where mpathbox does otherwise.

/** The host around a run: module and daemon state, how modprobe and systemctl end, and shell set-up. */
export type World = {
  module?: boolean; running?: boolean; modprobeRc?: number; systemctlRc?: number; noDir?: boolean;
  confMode?: string;
  /** files present in the output directory beforehand */
  outs?: Record<string, string>;
  /** shell run in the test's mount namespace before mpathconf ($WORLD is the case directory) */
  setup?: string;
};
/** `@OUT` in args stands for the case's output directory. */
export type Case = { name: string; conf: string | null; args: string[]; world?: World };


export const INPUTS: Record<string, string | null> = {
  none: null,
  empty: "",
  rhdefault: "# device-mapper-multipath configuration file\n\n# For a complete list of the default configuration values, run either:\n# # multipath -t\n# or\n# # multipathd show config\n\n# For a list of configuration options with descriptions, see the\n# multipath.conf man page.\n\ndefaults {\n\tuser_friendly_names yes\n\tfind_multipaths on\n}\n\nblacklist {\n}\n",
  rhel8default: "# device-mapper-multipath configuration file\n\n# For a complete list of the default configuration values, run either:\n# # multipath -t\n# or\n# # multipathd show config\n\n# For a list of configuration options with descriptions, see the\n# multipath.conf man page.\n\ndefaults {\n\tuser_friendly_names yes\n\tfind_multipaths yes\n\tenable_foreign \"^$\"\n}\n\nblacklist_exceptions {\n        property \"(SCSI_IDENT_|ID_WWN)\"\n}\n\nblacklist {\n}\n",
  commented: ("# site config\n#   keep these comments\ndefaults   {\n    polling_interval    10   # poll\n\tuser_friendly_names   no\n  find_multipaths   yes  # keep this\n\tfoo_unknown bar\n#\tenable_foreign \".*\"\n}\n\nblacklist{\n       devnode \"^sd[a-z]\"\n#    devnode \".*\"\n    wwid \"36001405abc\"\n}\ndevices {\n\tdevice {\n\t\tvendor \"X\"\n\t\tproduct \"Y\"\n\t}\n}\n# trailer\n"),
  disabled: "defaults {\n\tuser_friendly_names yes\n}\nblacklist {\n\tdevnode \".*\"\n}\n",
  disabledGlob: "blacklist {\n        devnode \"*\"   # everything\n}\ndefaults {\n}\n",
  commentedDevnode: "defaults {\n}\nblacklist {\n  #  devnode \".*\" # was disabled\n\tdevnode \"^nvme\"\n}\n",
  exceptions: "defaults {\n\tfind_multipaths no\n}\nblacklist {\n\twwid \".*\"\n}\nblacklist_exceptions {\n\twwid \"3600a0b80001\"\n    wwid   \"3600a0b80002\"\n\tproperty \"(SCSI_IDENT_|ID_WWN)\"\n\tdevnode \"^sda\"\n}\n",
  commentedWwid: "blacklist {\n#\twwid \".*\"\n\tdevnode \".*\"\n}\nblacklist_exceptions {\n#\tproperty \"(SCSI_IDENT_|ID_WWN)\"\n}\n",
  fm1: "defaults {\n\tfind_multipaths 1\n\tuser_friendly_names 1\n\trecheck_wwid 0\n}\nblacklist {\n}\n",
  fmQuoted: "defaults {\n\tfind_multipaths \"yes\"\n\tuser_friendly_names \"yes\"\n}\nblacklist {\n}\n",
  foreignEmpty: "defaults {\n\tenable_foreign \"^$\"\n}\nblacklist {\n}\n",
  foreignNone: "defaults {\n    enable_foreign \"NONE\"   # none\n}\nblacklist {\n}\n",
  foreignAll: "defaults {\n\tenable_foreign \".*\"\n\tenable_foreign \"^$\"\n}\nblacklist {\n}\n",
  foreignOther: "defaults {\n\tenable_foreign nvme\n}\nblacklist {\n}\n",
  foreignCommented: "defaults {\n# enable_foreign \"nvme\"\n\tenable_foreign \".*\"\n}\nblacklist {\n}\n",
  indentedHeader: "  defaults {\n\tuser_friendly_names no\n  }\n blacklist {\n\tdevnode \".*\"\n }\n",
  duplicates: "defaults {\n\tuser_friendly_names no\n}\nblacklist {\n}\ndefaults {\n\tfind_multipaths yes\n\tuser_friendly_names no\n}\nblacklist {\n\tdevnode \".*\"\n}\n",
  noEol: "defaults {\n\tuser_friendly_names no\n}\nblacklist {\n}",
  noEolComment: "# only a comment",
  crlf: "defaults {\r\n\tuser_friendly_names no\r\n\tfind_multipaths yes\r\n}\r\nblacklist {\r\n\tdevnode \".*\"\r\n}\r\n",
  indentedClose: "defaults {\n\tfind_multipaths yes\n  }\nblacklist {\n}\ndevices {\n}\n",
  options: "defaults {\n\tpolling_interval 100\n\treservation_key file\n\tmax_fds\n\tmax_fds_x 1\n}\nblacklist {\n}\n",
  headerComment: "defaults { # main\n\tuser_friendly_names no\n} # end\nblacklist { # none\n} \n",
  tabs: "defaults\t{\n\tuser_friendly_names\tno\n\tfind_multipaths\tsmart\n\trecheck_wwid\tyes\n}\nblacklist\t{\n\tdevnode\t\".*\"\n}\n",
  fmMulti: "defaults {\n\tfind_multipaths yes\n      find_multipaths on\n\tfind_multipaths   \n}\nblacklist {\n}\n",
  latin1: "# caf\xe9 \xff\ndefaults {\n\tuser_friendly_names no\n}\nblacklist {\n}\n",
};

export const OPTIONS: Record<string, string[]> = {
  status: [],
  statusNoModule: ["--with_module", "n"],
  enable: ["--enable", "--outfile", "@OUT/c"],
  disable: ["--disable", "--outfile", "@OUT/c"],
  allow: ["--allow", "3600a0b80009", "--allow", "36001405fff", "--allow", "3600a0b80009", "--outfile", "@OUT/c"],
  ufnY: ["--user_friendly_names", "y", "--outfile", "@OUT/c"],
  ufnN: ["--user_friendly_names", "n", "--outfile", "@OUT/c"],
  fmY: ["--find_multipaths", "y", "--outfile", "@OUT/c"],
  fmN: ["--find_multipaths", "n", "--outfile", "@OUT/c"],
  fmYes: ["--find_multipaths", "yes", "--outfile", "@OUT/c"],
  fmGreedy: ["--find_multipaths", "greedy", "--outfile", "@OUT/c"],
  rwY: ["--recheck_wwid", "y", "--outfile", "@OUT/c"],
  rwN: ["--recheck_wwid", "n", "--outfile", "@OUT/c"],
  pbY: ["--property_blacklist", "y", "--outfile", "@OUT/c"],
  pbN: ["--property_blacklist", "n", "--outfile", "@OUT/c"],
  efY: ["--enable_foreign", "y", "--outfile", "@OUT/c"],
  efN: ["--enable_foreign", "n", "--outfile", "@OUT/c"],
  optSet: ["--option", "polling_interval:5", "--outfile", "@OUT/c"],
  optDel: ["--option", "max_fds:", "--outfile", "@OUT/c"],
  optQuoted: ["--option", "prio_args:a   b", "--outfile", "@OUT/c"],
  rear: ["--enable", "--user_friendly_names", "y", "--find_multipaths", "y", "--with_module", "y", "--with_multipathd", "y", "--outfile", "@OUT/c"],
  all: ["--enable", "--user_friendly_names", "n", "--find_multipaths", "smart", "--recheck_wwid", "y", "--property_blacklist", "y", "--enable_foreign", "y", "--option", "reservation_key:file", "--outfile", "@OUT/c"],
  allowPlus: ["--allow", "3600a0b80009", "--property_blacklist", "y", "--find_multipaths", "n", "--outfile", "@OUT/c"],
  inPlace: ["--enable", "--find_multipaths", "strict"],
};

const cases: Case[] = [];
for (const [iname, conf] of Object.entries(INPUTS)) {
  for (const [oname, args] of Object.entries(OPTIONS)) cases.push({ name: `${iname}/${oname}`, conf, args });
}

const R = INPUTS.rhdefault!;
const add = (name: string, conf: string | null, args: string[], world?: World) => cases.push({ name, conf, args, world });
// argument handling and validation
for (const a of [["-h"], ["--help"], ["--bogus"], ["--enable", "-h"], ["--user_friendly_names"], ["--user_friendly_names", ""],
  ["--user_friendly_names", "maybe"], ["--user_friendly_names", "yes"], ["--user_friendly_names", "maybe", "--bogus"],
  ["--recheck_wwid", "1"], ["--find_multipaths", "1"], ["--find_multipaths", "Y"], ["--property_blacklist", "x"],
  ["--enable_foreign", "yes"], ["--with_module", "x"], ["--with_multipathd", "yes"], ["--with_module", "x", "--enable"],
  ["--find_multipaths", "x", "--user_friendly_names", "x"], ["--enable_foreign", "x", "--find_multipaths", "x"],
  ["--option"], ["--option", "nocolon"], ["--option", ":5"], ["--option", "a b:5"], ["--option", "a#b:5"], ["--option", "a\"b:5"],
  ["--option", "x!:1"], ["--option", "x{:1"], ["--option", "x}:1"], ["--option", "x:a#b"], ["--option", "x:a\"b"], ["--option", "x:a!"],
  ["--option", "x:{"], ["--option", "x:}"], ["--option", " polling_interval:7 ", "--outfile", "@OUT/c"],
  ["--option", "reservation_key:0x1:aptpl", "--outfile", "@OUT/c"], ["--option", "polling_interval:10", "--outfile", "@OUT/c"],
  ["--option", "polling_interval:1", "--option", "max_polling_interval:9", "--outfile", "@OUT/c"],
  ["--option", "path.checker:tur", "--outfile", "@OUT/c"], ["--option", "a\tb:c"],
  ["--allow", "X"], ["--allow"], ["--allow", "X", "--enable"], ["--enable", "--allow", "X"], ["--enable", "--allow", "X", "--outfile", "@OUT/c"],
  ["--allow", "X", "--enable", "--outfile", "@OUT/c"], ["--allow", "X", "--disable", "--outfile", "@OUT/c"],
  ["--allow", "a b", "--outfile", "@OUT/c"], ["--allow", "8:0", "--outfile", "@OUT/c"], ["--allow", "/dev/null", "--outfile", "@OUT/c"],
  ["--disable", "--user_friendly_names", "y", "--outfile", "@OUT/c"], ["--disable", "--with_module", "n", "--outfile", "@OUT/c"],
  ["--disable", "--with_module", "bad", "--outfile", "@OUT/c"], ["--disable", "--find_multipaths", "bad", "--outfile", "@OUT/c"],
  ["--disable", "--option", "x:1", "--outfile", "@OUT/c"], ["--enable", "--disable", "--outfile", "@OUT/c"], ["--disable", "--enable", "--outfile", "@OUT/c"],
  ["--enable", "", "--disable", "--outfile", "@OUT/c"], ["", "--enable"], ["--outfile", "@OUT/c"], ["--with_multipathd", "y"],
  ["--with_module", "y"], ["--outfile"], ["--outfile", "@OUT/c", "--outfile", "@OUT/d", "--enable"],
  ["--find_multipaths", "y", "--find_multipaths", "strict", "--outfile", "@OUT/c"],
  ["--user_friendly_names", "y", "--user_friendly_names", "n", "--outfile", "@OUT/c"],
  ["--enable", "--outfile", "@OUT/nodir/c"], ["--enable", "--outfile", "@OUT"],
  ["--enable", "--outfile", "/dev/stdout"]]) {
  add(`args ${JSON.stringify(a)}`, R, a);
}
add("no /etc/multipath dir", R, ["--enable"], { noDir: true });
add("no /etc/multipath dir status", R, [], { noDir: true });
add("no /etc/multipath dir, bad value first", R, ["--user_friendly_names", "x"], { noDir: true });
add("existing outfile kept as .old, mode kept", R, ["--enable", "--find_multipaths", "n", "--outfile", "@OUT/c"], { outs: { c: "old\n" }, setup: "chmod 644 $WORLD/out/c" });
add("existing .old overwritten, its mode kept", R, ["--enable", "--outfile", "@OUT/c"], { outs: { c: "old\n", "c.old": "older\n" }, setup: "chmod 640 $WORLD/out/c; chmod 604 $WORLD/out/c.old" });
add("in place: /etc/multipath.conf edited, .old kept", INPUTS.commented!, ["--user_friendly_names", "y"], { confMode: "644" });
add("in place new file", null, ["--enable"]);
// module and service
for (const [n, w] of Object.entries({ plain: {}, loaded: { module: true }, running: { running: true }, both: { module: true, running: true },
  modprobeFails: { modprobeRc: 1 }, systemctlFails: { systemctlRc: 1 }, runningSystemctlFails: { running: true, systemctlRc: 1 } } as Record<string, World>)) {
  for (const a of [[], ["--with_module", "n"], ["--with_multipathd", "y"], ["--enable"], ["--enable", "--with_module", "n"],
    ["--enable", "--with_multipathd", "y"], ["--enable", "--with_module", "n", "--with_multipathd", "y"], ["--disable", "--with_multipathd", "y"],
    ["--disable"], ["--user_friendly_names", "n", "--with_multipathd", "y"], ["--user_friendly_names", "y", "--with_multipathd", "y"],
    ["--allow", "W", "--with_multipathd", "y"], ["--allow", "W", "--find_multipaths", "n", "--with_multipathd", "y"],
    ["--enable", "--find_multipaths", "n", "--with_multipathd", "y"], ["--option", "polling_interval:", "--with_multipathd", "y"],
    ["--option", "max_fds:", "--with_multipathd", "y"]]) {
    add(`service ${n} ${JSON.stringify(a)}`, R, [...a, "--outfile", "@OUT/c"], w);
  }
}
export const CASES: Case[] = cases;

const more: Case[] = [];
/** A file of three pages or so, for the full filesystem cases. */
export const BIG_CONF = INPUTS.rhdefault! + ("# " + "x".repeat(76) + "\n").repeat(100);
const addM = (name: string, conf: string | null, args: string[], world?: World) => more.push({ name, conf, args, world });
for (const [n, c] of Object.entries({
  noEolHeader: "defaults {\n}\nblacklist {",
  noSpace: "defaults{\n}\nblacklist{\n}\nblacklist_exceptions{\n}\n",
  headerNextLine: "defaults\n{\n\tuser_friendly_names no\n}\nblacklist\n{\n}\n",
  nestedHeader: "blacklist {\nblacklist {\n}\n}\n",
  wwidPrefix: "blacklist {\n}\nblacklist_exceptions {\n\twwidx \"a\"\n\twwid\n\t# wwid \"c\"\n}\n",
  onlyExceptions: "blacklist_exceptions {\n\twwid \"a\"\n}\n",
})) for (const [o, a] of Object.entries(OPTIONS)) addM(`${n}/${o}`, c, a);
const O = INPUTS.options!;
for (const a of [["--option", "polling_interval:1"], ["--option", "polling.interval:5"], ["--option", "polling_interval:1.0"],
  ["--option", "reservation_key:file"], ["--option", "reservation_key:"], ["--option", "reservation_key:0x12 34"],
  ["--option", "max_fds:8192"], ["--option", "max_fds_x:"], ["--option", "max_f[a-z]s:9"], ["--option", "max_fds*:3"],
  ["--option", "*max_fds:4"], ["--option", "polling_interval:10$"], ["--option", "x:a\\b"], ["--option", "polling_interval:a&b"],
  ["--option", "polling_interval:a\\&b"], ["--option", "new_key:a&b"], ["--option", "bindings_file:/etc/multipath/b2"],
  ["--option", "polling_interval:/x"], ["--option", "x: y"], ["--option", "x:a b:c"], ["--option", "nothere:"], ["--option", "defaults:"],
  ["--allow", " "], ["--allow", "W1 W2", "--allow", "W2"]]) {
  addM(`options ${JSON.stringify(a)}`, O, [...a, "--outfile", "@OUT/c"]);
}
addM("outfile symlink", R, ["--enable", "--outfile", "@OUT/c"], { outs: { real: "old\n" }, setup: "ln -s real $WORLD/out/c; chmod 640 $WORLD/out/real" });
addM("outfile dangling symlink", R, ["--enable", "--outfile", "@OUT/c"], { setup: "ln -s real $WORLD/out/c" });
addM("config symlink edited in place", INPUTS.commented!, ["--find_multipaths", "n"], { setup: "mv /etc/multipath.conf /etc/multipath/real.conf; ln -s multipath/real.conf /etc/multipath.conf" });
addM("config unreadable dir entry is a directory", R, ["--enable", "--outfile", "@OUT/c"], { setup: "rm -f /etc/multipath.conf; mkdir /etc/multipath.conf" });
addM("read-only outfile directory", R, ["--find_multipaths", "n", "--outfile", "@OUT/ro/c"],
  { setup: "mkdir $WORLD/out/ro; printf 'precious\\n' > $WORLD/out/ro/c; mount --bind $WORLD/out/ro $WORLD/out/ro; mount -o remount,bind,ro $WORLD/out/ro" });
addM("full filesystem: backup fits, new file does not", BIG_CONF, ["--find_multipaths", "n", "--outfile", "@OUT/full/c"],
  { setup: "mkdir $WORLD/out/full; mount -t tmpfs -o size=16k tmpfs $WORLD/out/full; printf 'precious\\n' > $WORLD/out/full/c; dd if=/dev/zero of=$WORLD/out/full/fill bs=4096 count=2 2>/dev/null || true" });
addM("full filesystem: nothing fits", R, ["--find_multipaths", "n", "--outfile", "@OUT/full/c"],
  { setup: "mkdir $WORLD/out/full; mount -t tmpfs -o size=16k tmpfs $WORLD/out/full; printf 'precious\\n' > $WORLD/out/full/c; dd if=/dev/zero of=$WORLD/out/full/fill bs=4096 count=8 2>/dev/null || true" });
addM("full filesystem: in place", BIG_CONF, ["--find_multipaths", "n"],
  { setup: "mount -t tmpfs -o size=16k tmpfs /etc/multipath; cp $WORLD/in.conf /etc/multipath/c; rm /etc/multipath.conf; ln -s multipath/c /etc/multipath.conf; dd if=/dev/zero of=/etc/multipath/fill bs=4096 count=1 2>/dev/null || true" });
CASES.push(...more);
