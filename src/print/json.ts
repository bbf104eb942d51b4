// JSON of maps as upstream prints it (`multipathd show maps json`, and our
// `multipath -ll --json`): hand-made layout, version 0.1, three spaces per
// level, values are the wildcard fields. Strings are not escaped, as upstream.
import { formatLine } from "./format.ts";
import { GROUP_FIELDS, MAP_FIELDS, type MapView, PATH_FIELDS } from "./views.ts";

const MAP_FMT = [
  "{", '      "name" : "%n",', '      "uuid" : "%w",', '      "sysfs" : "%d",', '      "failback" : "%F",',
  '      "queueing" : "%Q",', '      "paths" : %N,', '      "write_prot" : "%r",', '      "dm_st" : "%t",',
  '      "features" : "%f",', '      "hwhandler" : "%h",', '      "action" : "%A",', '      "path_faults" : %0,',
  '      "vend" : "%v",', '      "prod" : "%p",', '      "rev" : "%e",', '      "switch_grp" : %1,',
  '      "map_loads" : %2,', '      "total_q_time" : %3,', '      "q_timeouts" : %4,',
].join("\n");
const GROUP_FMT = [
  "{", '         "selector" : "%s",', '         "pri" : %p,', '         "dm_st" : "%t",', '         "marginal_st" : "%M",',
].join("\n");
const PATH_FMT = [
  "{", '            "dev" : "%d",', '            "dev_t" : "%D",', '            "dm_st" : "%t",',
  '            "dev_st" : "%o",', '            "chk_st" : "%T",', '            "checker" : "%c",', '            "pri" : %p,',
  '            "host_wwnn" : "%N",', '            "target_wwnn" : "%n",', '            "host_wwpn" : "%R",',
  '            "target_wwpn" : "%r",', '            "host_adapter" : "%a",', '            "lun_hex" : "%L",',
  '            "marginal_st" : "%M"',
].join("\n");

const HEADER = '{\n   "major_version": 0,\n   "minor_version": 1,\n';
const indent = (n: number) => " ".repeat(3 * n);
const footer = (n: number, last: boolean) => indent(n) + (last ? "}" : "},");

function mapFields(m: MapView, last: boolean): string {
  let out = formatLine(MAP_FIELDS, MAP_FMT, m) + indent(2) + '"path_groups": [';
  m.groups.forEach((g, gi) => {
    out += formatLine(GROUP_FIELDS, GROUP_FMT, g) + `${indent(3)}"group" : ${gi + 1},\n` + indent(3) + '"paths": [';
    g.paths.forEach((p, pi) => {
      out += formatLine(PATH_FIELDS, PATH_FMT, p) + footer(3, pi === g.paths.length - 1);
    });
    out += "]\n" + footer(2, gi === m.groups.length - 1);
  });
  return out + "]\n" + footer(1, last);
}

export function mapsJson(maps: readonly MapView[]): string {
  let out = HEADER + indent(1) + '"maps": [';
  maps.forEach((m, i) => (out += mapFields(m, i === maps.length - 1)));
  return out + "]\n}\n";
}

export function mapJson(m: MapView): string {
  return HEADER + '   "map":' + mapFields(m, true) + "\n}\n";
}
