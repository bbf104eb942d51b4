import { VERSION_LINE } from "../../version.ts";
export const MULTIPATH_OPTSTRING = ":adDcChl::eFfM:v:p:b:BrR:itTquUwW";

export function multipathUsage(prog: string): string {
  return `${VERSION_LINE}Usage:
  ${prog} [-v level] [-B|-d|-i|-q|-r] [-b file] [-p policy] [device]
  ${prog} [-v level] [-R retries] -f device
  ${prog} [-v level] [-R retries] -F
  ${prog} [-v level] [-l|-ll] [device]
  ${prog} [-v level] [-a|-w] device
  ${prog} [-v level] -W
  ${prog} [-v level] [-i] [-c|-C] device
  ${prog} [-v level] [-i] [-u|-U]
  ${prog} [-h|-t|-T]

Options:
  -h      show this help
  -l      list multipath maps from sysfs and device-mapper state
  -ll     list multipath maps with checker and priority information
  -e      with -l/-ll, include foreign (non-dm) multipath devices
  -f      remove (flush) one multipath map
  -F      remove (flush) every unused multipath map
  -a      add the WWID of device to the wwids file
  -w      remove the WWID of device from the wwids file
  -W      rewrite the wwids file with the current maps only
  -c      tell whether device should be a multipath path (exit 0 = yes)
  -C      tell whether multipath map device has a usable path
  -u      like -c, for the device in the udev environment
  -U      like -C, for the device in the udev environment
  -q      keep queue_if_no_path even when multipathd is not running
  -d      dry run: print what would change, touch no map
  -t      print the effective configuration
  -T      print the configuration without built-in defaults
  -r      force a reload of the maps
  -i      ignore the wwids file
  -B      do not modify the bindings file
  -b file bindings file (deprecated, ignored)
  -R num  retries for removing maps that are in use
  -p pol  path grouping policy for all maps: failover, multibus,
          group_by_serial, group_by_prio, group_by_node_name, group_by_tpg
  -v lvl  verbosity: 0 silent, 1 map names only, 2 default, 3+ debug
  --json  with -l/-ll: the maps as JSON (the layout of multipathd's show maps json)
  --explain DEVICE|WWID|MAP
          every effective setting of the path(s), with where it comes from
  device  restrict the action to the map named device, the map with WWID
          device, or the map containing path device (/dev/sdX, /dev/dm-N,
          or major:minor)
`;
}
