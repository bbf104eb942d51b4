// The one list of visible differences between the runnable reference
// (Debian's multipath-tools 0.9.4) and upstream 0.14, which mpathbox
// follows. A differential test may excuse a mismatch only through an entry
// here, by mapping our 0.14-style output to what 0.9.4 prints.

export type KnownDifference = {
  id: string;
  /** what differs, and which version does what */
  what: string;
  /** turns mpathbox's (0.14) text into the 0.9.4 form */
  to094: (ours: string) => string;
};

export const DIFFERENCES = {
  pathVendorProductRev: {
    id: "path-vpr",
    what: "path wildcard %s: 0.14 prints vendor,product,rev (## for empty); 0.9.4 prints vendor,product",
    to094: (field: string) => field.split(",").slice(0, 2).join(","),
  },
} satisfies Record<string, KnownDifference>;
