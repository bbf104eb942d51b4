import { describe, expect, test } from "bun:test";
import { mapJson, mapsJson } from "../../../src/print/json.ts";
import type { MapView, PathView } from "../../../src/print/views.ts";

const path = (dev: string, devt: string, lun: number): PathView => ({
  dev, devt, hcil: { host: 3, channel: 0, id: 0, lun }, priority: 50, dmState: "active", checkerState: "up",
  inMap: true, checker: "directio", vendor: "LIO-ORG", product: "disk01", rev: "4.0",
});
const map: MapView = {
  alias: "mpatha", wwid: "36001405d27e5d898829468b90ce4ef8c", dm: { minor: 2, readOnly: false }, sizeSectors: 2097152,
  features: "1 queue_if_no_path", hwhandler: "1 alua", failback: { mode: "immediate" },
  queueing: { retries: 12, retryTick: 0 },
  stats: { pathFaults: 0, switchGroup: 0, mapLoads: 1, totalQTime: 0, qTimeouts: 0, mapFailures: 0 },
  groups: [{ selector: "service-time 0", priority: 50, state: "active", paths: [path("sdc", "8:32", 1), path("sdh", "8:112", 1)] }],
};

// The layout of upstream's example (reference catalogue, section 2.5).
const EXPECTED = `{
   "major_version": 0,
   "minor_version": 1,
   "maps": [{
      "name" : "mpatha",
      "uuid" : "36001405d27e5d898829468b90ce4ef8c",
      "sysfs" : "dm-2",
      "failback" : "immediate",
      "queueing" : "12 chk",
      "paths" : 2,
      "write_prot" : "rw",
      "dm_st" : "active",
      "features" : "1 queue_if_no_path",
      "hwhandler" : "1 alua",
      "action" : "",
      "path_faults" : 0,
      "vend" : "LIO-ORG",
      "prod" : "disk01",
      "rev" : "4.0",
      "switch_grp" : 0,
      "map_loads" : 1,
      "total_q_time" : 0,
      "q_timeouts" : 0,
      "path_groups": [{
         "selector" : "service-time 0",
         "pri" : 50,
         "dm_st" : "active",
         "marginal_st" : "normal",
         "group" : 1,
         "paths": [{
            "dev" : "sdc",
            "dev_t" : "8:32",
            "dm_st" : "active",
            "dev_st" : "running",
            "chk_st" : "ready",
            "checker" : "directio",
            "pri" : 50,
            "host_wwnn" : "[undef]",
            "target_wwnn" : "[undef]",
            "host_wwpn" : "[undef]",
            "target_wwpn" : "[undef]",
            "host_adapter" : "[undef]",
            "lun_hex" : "0x0001000000000000",
            "marginal_st" : "normal"
         },{
            "dev" : "sdh",
            "dev_t" : "8:112",
            "dm_st" : "active",
            "dev_st" : "running",
            "chk_st" : "ready",
            "checker" : "directio",
            "pri" : 50,
            "host_wwnn" : "[undef]",
            "target_wwnn" : "[undef]",
            "host_wwpn" : "[undef]",
            "target_wwpn" : "[undef]",
            "host_adapter" : "[undef]",
            "lun_hex" : "0x0001000000000000",
            "marginal_st" : "normal"
         }]
      }]
   }]
}
`;

describe("maps JSON", () => {
  test("byte layout of upstream's example", () => {
    expect(mapsJson([map])).toBe(EXPECTED);
  });
  test("it is valid JSON with the documented schema", () => {
    const j = JSON.parse(mapsJson([map, { ...map, alias: "mpathb" }]));
    expect(j.maps).toHaveLength(2);
    expect(j.maps[1].name).toBe("mpathb");
    expect(j.maps[0].path_groups[0].paths[1].dev_t).toBe("8:112");
  });
  test("no maps, and one map", () => {
    expect(mapsJson([])).toBe('{\n   "major_version": 0,\n   "minor_version": 1,\n   "maps": []\n}\n');
    const one = mapJson(map);
    expect(one.startsWith('{\n   "major_version": 0,\n   "minor_version": 1,\n   "map":{\n      "name" : "mpatha",')).toBe(true);
    expect(one.endsWith("      }]\n   }\n}\n")).toBe(true);
    expect(JSON.parse(one).map.uuid).toBe(map.wwid);
  });
});
