// Blacklist decisions (blacklist.c): each check returns a verdict and the
// log line upstream prints for it at verbosity 3.
import { ereMatches } from "./posixRegex.ts";
import type { Blacklist, BlacklistDevice, BlacklistPattern, Config } from "./schema.ts";

export type Verdict =
  | "nothing"
  | "wwid-blacklisted"
  | "device-blacklisted"
  | "devnode-blacklisted"
  | "property-blacklisted"
  | "property-missing"
  | "protocol-blacklisted"
  | "wwid-whitelisted"
  | "device-whitelisted"
  | "devnode-whitelisted"
  | "property-whitelisted"
  | "protocol-whitelisted";

export type Decision = { verdict: Verdict; reason?: string };

/** true when the verdict excludes the device */
export const isBlacklisted = (v: Verdict): boolean => v.endsWith("-blacklisted") || v === "property-missing";

/** A pattern beginning with "!" matches what the rest does not match; "\!" is a literal "!". */
function patternMatches(pattern: string, subject: string): boolean {
  if (pattern.startsWith("!")) return !ereMatches(pattern.slice(1), subject);
  if (pattern.startsWith("\\!")) return ereMatches(pattern.slice(1), subject);
  return ereMatches(pattern, subject);
}

const anyMatch = (list: readonly BlacklistPattern[], s: string): boolean => list.some((e) => patternMatches(e.pattern, s));

function deviceListMatches(list: readonly BlacklistDevice[], vendor: string, product: string): boolean {
  return list.some(
    (d) =>
      (d.vendor !== undefined || d.product !== undefined) &&
      (d.vendor === undefined || patternMatches(d.vendor, vendor)) &&
      (d.product === undefined || patternMatches(d.product, product)),
  );
}

function decide(ex: boolean, bl: boolean, what: string, subject: string): Decision {
  if (ex) return { verdict: `${what}-whitelisted` as Verdict, reason: subject };
  if (bl) return { verdict: `${what}-blacklisted` as Verdict, reason: subject };
  return { verdict: "nothing" };
}

export function filterDevnode(bl: Blacklist, el: Blacklist, dev: string | undefined): Decision {
  if (dev === undefined) return { verdict: "nothing" };
  const d = decide(anyMatch(el.devnode, dev), anyMatch(bl.devnode, dev), "devnode", dev);
  if (d.verdict === "nothing") return d;
  return { verdict: d.verdict, reason: `${dev}: device node name ${d.verdict.endsWith("whitelisted") ? "whitelisted" : "blacklisted"}` };
}

export function filterDevice(
  bl: Blacklist,
  el: Blacklist,
  vendor: string | undefined,
  product: string | undefined,
  dev: string,
): Decision {
  if (vendor === undefined || product === undefined) return { verdict: "nothing" };
  const d = decide(deviceListMatches(el.device, vendor, product), deviceListMatches(bl.device, vendor, product), "device", "");
  if (d.verdict === "nothing") return d;
  const how = d.verdict === "device-whitelisted" ? "whitelisted" : "blacklisted";
  return { verdict: d.verdict, reason: `${dev}: (${vendor}:${product}) vendor/product ${how}` };
}

export function filterWwid(bl: Blacklist, el: Blacklist, wwid: string | undefined, dev?: string): Decision {
  if (wwid === undefined) return { verdict: "nothing" };
  const d = decide(anyMatch(el.wwid, wwid), anyMatch(bl.wwid, wwid), "wwid", wwid);
  if (d.verdict === "nothing") return d;
  const how = d.verdict === "wwid-whitelisted" ? "whitelisted" : "blacklisted";
  return { verdict: d.verdict, reason: dev === undefined ? `${wwid}: wwid ${how}` : `${dev}: wwid ${wwid} ${how}` };
}

export function filterProtocol(bl: Blacklist, el: Blacklist, protocol: string, dev: string): Decision {
  const d = decide(anyMatch(el.protocol, protocol), anyMatch(bl.protocol, protocol), "protocol", protocol);
  if (d.verdict === "nothing") return d;
  const how = d.verdict === "protocol-whitelisted" ? "whitelisted" : "blacklisted";
  return { verdict: d.verdict, reason: `${dev}: protocol ${protocol} ${how}` };
}

/**
 * The udev property check is inverted: a device needs one property matching
 * the exceptions. It is only "missing" when the uid attribute itself is
 * present (udev did its job) and a uid attribute is configured at all.
 */
export function filterProperty(
  bl: Blacklist,
  el: Blacklist,
  dev: string,
  properties: readonly string[] | undefined,
  uidAttribute: string | undefined,
): Decision {
  if (properties === undefined) return { verdict: "nothing" };
  const checkMissing = uidAttribute !== undefined && uidAttribute !== "";
  let uidSeen = false;
  for (const env of properties) {
    if (checkMissing && env === uidAttribute) uidSeen = true;
    if (anyMatch(el.property, env)) return { verdict: "property-whitelisted", reason: `${dev}: udev property ${env} whitelisted` };
    if (anyMatch(bl.property, env)) return { verdict: "property-blacklisted", reason: `${dev}: udev property ${env} blacklisted` };
  }
  if (!checkMissing || !uidSeen) return { verdict: "nothing" };
  return { verdict: "property-missing", reason: `${dev}: blacklisted, udev property missing` };
}

export type PathBlacklistFacts = {
  dev: string;
  vendor?: string;
  product?: string;
  /** "scsi:fcp", ... ("undef" when unknown) */
  protocol?: string;
  wwid?: string;
  udevProperties?: readonly string[];
  uidAttribute?: string;
};

/** filter_path: property, devnode, device, protocol, wwid; the first blacklisting check ends it. */
export function filterPath(config: Config, p: PathBlacklistFacts): { verdict: Verdict; log: string[] } {
  const bl = config.blacklist;
  const el = config.blacklistExceptions;
  const log: string[] = [];
  const steps: (() => Decision)[] = [
    () => filterProperty(bl, el, p.dev, p.udevProperties, p.uidAttribute),
    () => filterDevnode(bl, el, p.dev),
    () => filterDevice(bl, el, p.vendor, p.product, p.dev),
    () => filterProtocol(bl, el, p.protocol ?? "undef", p.dev),
    () => filterWwid(bl, el, p.wwid, p.dev),
  ];
  let last: Verdict = "nothing";
  for (const step of steps) {
    const d = step();
    if (d.reason) log.push(d.reason);
    last = d.verdict;
    if (isBlacklisted(d.verdict)) break;
  }
  return { verdict: last, log };
}
