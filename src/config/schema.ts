// zod schemas of the loaded configuration, derived from the keyword table,
// and the types the rest of mpathbox uses (Config, DeviceEntry, ...).
import { z } from "zod";
import { KEYWORDS, type KeywordName } from "./keywords.ts";
import {
  DEFAULTS_KEYWORDS,
  DEVICE_KEYWORDS,
  MULTIPATH_KEYWORDS,
  OVERRIDES_KEYWORDS,
  PROTOCOL_KEYWORDS,
} from "./sections.ts";

type SectionShape<K extends readonly KeywordName[]> = {
  [P in K[number]]: z.ZodOptional<(typeof KEYWORDS)[P]["kind"]["schema"]>;
};

function sectionSchema<const K extends readonly KeywordName[]>(names: K): z.ZodObject<SectionShape<K>> {
  const shape: Record<string, z.ZodType> = {};
  for (const n of names) {
    const k = KEYWORDS[n];
    if ("aliasOf" in k) continue;
    shape[n] = k.kind.schema.optional();
  }
  return z.object(shape) as unknown as z.ZodObject<SectionShape<K>>;
}

/** `keyword` values whose keyword the user may write, minus aliases */
type NoAlias<T> = Omit<T, "checker">;

export const DefaultsSchema = sectionSchema(DEFAULTS_KEYWORDS);
export const DeviceEntrySchema = sectionSchema(DEVICE_KEYWORDS);
export const ProtocolEntrySchema = sectionSchema(PROTOCOL_KEYWORDS);
export const OverridesSchema = sectionSchema(OVERRIDES_KEYWORDS).extend({
  protocols: z.array(ProtocolEntrySchema),
});
export const MultipathEntrySchema = sectionSchema(MULTIPATH_KEYWORDS);

export const OriginSchema = z.enum(["config", "default"]);
export const BlacklistPatternSchema = z.object({ pattern: z.string(), origin: OriginSchema });
export const BlacklistDeviceSchema = z.object({
  vendor: z.string().optional(),
  product: z.string().optional(),
  origin: OriginSchema,
});
export const BlacklistSchema = z.object({
  devnode: z.array(BlacklistPatternSchema),
  wwid: z.array(BlacklistPatternSchema),
  property: z.array(BlacklistPatternSchema),
  protocol: z.array(BlacklistPatternSchema),
  device: z.array(BlacklistDeviceSchema),
});

export const ConfigSchema = z.object({
  defaults: DefaultsSchema,
  blacklist: BlacklistSchema,
  blacklistExceptions: BlacklistSchema,
  /** built-in entries first, then user entries in file order (later wins) */
  devices: z.array(DeviceEntrySchema),
  /** how many leading `devices` entries are the built-in table */
  builtinDeviceCount: z.number().int().nonnegative(),
  overrides: OverridesSchema.nullable(),
  multipaths: z.array(MultipathEntrySchema),
});

export type Defaults = NoAlias<z.infer<typeof DefaultsSchema>>;
export type DeviceEntry = NoAlias<z.infer<typeof DeviceEntrySchema>>;
export type ProtocolEntry = z.infer<typeof ProtocolEntrySchema>;
export type Overrides = NoAlias<z.infer<typeof OverridesSchema>>;
export type MultipathEntry = z.infer<typeof MultipathEntrySchema>;
export type BlacklistPattern = z.infer<typeof BlacklistPatternSchema>;
export type BlacklistDevice = z.infer<typeof BlacklistDeviceSchema>;
export type Blacklist = z.infer<typeof BlacklistSchema>;
export type Config = z.infer<typeof ConfigSchema>;

export type Diagnostic = {
  severity: "error" | "warning";
  file: string;
  line: number;
  keyword?: string;
  value?: string;
  message: string;
};

export type ConfigResult = {
  config: Config;
  diagnostics: Diagnostic[];
  /** upstream refuses the whole configuration ("error parsing config file") */
  failed?: boolean;
};
