import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.js';

/** ATT&CK domains, named as in the STIX bundles' file names. */
export const AttackDomain = z.enum(['enterprise-attack', 'ics-attack', 'mobile-attack']);
export type AttackDomain = z.infer<typeof AttackDomain>;

/** Technique ids: T1234 or T1234.001 (ICS: T0800…). */
export const TechniqueId = z
  .string()
  .regex(/^T\d{4}(\.\d{3})?$/, 'must look like T1234 or T1234.001');
/** Group ids: G0001. */
export const GroupId = z.string().regex(/^G\d{4}$/, 'must look like G0001');

export const AttackRelease = z.object({
  id: Uuid,
  domain: AttackDomain,
  /** From x-mitre-collection (`x_mitre_version`), else derived from the objects. */
  version: z.string(),
  spec_version: z.enum(['2.0', '2.1']),
  source: z.string(),
  sha256: z.string(),
  counts: z.record(z.string(), z.number().int()),
  imported_at: IsoDateTime,
  /** The release the browse endpoints show for its domain (the newest imported). */
  current: z.boolean(),
});
export type AttackRelease = z.infer<typeof AttackRelease>;
export const AttackReleaseList = z.object({ items: z.array(AttackRelease) });

/** `POST /api/attack/sync` with JSON: fetch a bundle from a URL (default: the setting). */
export const AttackSyncRequest = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
});
export type AttackSyncRequest = z.infer<typeof AttackSyncRequest>;

/** What an import job returns as its result. */
export const AttackImportResult = z.object({
  release: AttackRelease,
  /** false when the same bundle was imported before (nothing changed). */
  changed: z.boolean(),
});
export type AttackImportResult = z.infer<typeof AttackImportResult>;

export const TacticRef = z.object({
  external_id: z.string(),
  shortname: z.string(),
  name: z.string(),
});

export const TechniqueSummary = z.object({
  external_id: z.string(),
  name: z.string(),
  is_subtechnique: z.boolean(),
  parent_id: z.string().nullable(),
  tactics: z.array(z.string()),
  platforms: z.array(z.string()),
  revoked: z.boolean(),
  deprecated: z.boolean(),
  url: z.string().nullable(),
});
export type TechniqueSummary = z.infer<typeof TechniqueSummary>;

export const RelatedRef = z.object({
  external_id: z.string(),
  name: z.string(),
  kind: z.enum(['group', 'malware', 'tool', 'mitigation', 'technique']),
});

export const TechniqueDetail = TechniqueSummary.extend({
  domain: AttackDomain,
  description: z.string(),
  detection: z.string().nullable(),
  revoked_by: z.string().nullable(),
  subtechniques: z.array(TechniqueSummary),
  tactic_refs: z.array(TacticRef),
  /** Groups and software that use it; mitigations for it. */
  used_by: z.array(RelatedRef),
  mitigations: z.array(RelatedRef),
  modified: IsoDateTime.nullable(),
  release_version: z.string(),
});
export type TechniqueDetail = z.infer<typeof TechniqueDetail>;

export const TechniqueQuery = z.object({
  domain: AttackDomain.default('enterprise-attack'),
  /** Matches an id prefix (T1059, T1059.0) or a name substring. */
  q: z.string().trim().max(200).optional(),
  tactic: z.string().max(100).optional(),
  platform: z.string().max(100).optional(),
  subtechniques: z.enum(['include', 'exclude', 'only']).default('include'),
  include_revoked: z.enum(['true', 'false']).default('false'),
  include_deprecated: z.enum(['true', 'false']).default('false'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type TechniqueQuery = z.infer<typeof TechniqueQuery>;
export const TechniquePage = z.object({
  items: z.array(TechniqueSummary),
  next_cursor: z.string().nullable(),
  total: z.number().int(),
});
export type TechniquePage = z.infer<typeof TechniquePage>;

export const MatrixQuery = z.object({
  domain: AttackDomain.default('enterprise-attack'),
  include_revoked: z.enum(['true', 'false']).default('false'),
  include_deprecated: z.enum(['true', 'false']).default('false'),
});
export const MatrixTechnique = TechniqueSummary.extend({
  subtechniques: z.array(TechniqueSummary),
});
export const Matrix = z.object({
  domain: AttackDomain,
  release: AttackRelease.nullable(),
  platforms: z.array(z.string()),
  tactics: z.array(
    z.object({
      external_id: z.string(),
      shortname: z.string(),
      name: z.string(),
      description: z.string(),
      url: z.string().nullable(),
      techniques: z.array(MatrixTechnique),
    }),
  ),
});
export type Matrix = z.infer<typeof Matrix>;

export const GroupSummary = z.object({
  external_id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  technique_count: z.number().int(),
  revoked: z.boolean(),
  deprecated: z.boolean(),
});
export type GroupSummary = z.infer<typeof GroupSummary>;
export const GroupList = z.object({ items: z.array(GroupSummary) });
export type GroupList = z.infer<typeof GroupList>;
export const GroupQuery = z.object({
  domain: AttackDomain.default('enterprise-attack'),
  q: z.string().trim().max(200).optional(),
});
export const GroupDetail = GroupSummary.extend({
  domain: AttackDomain,
  description: z.string(),
  url: z.string().nullable(),
  techniques: z.array(TechniqueSummary.extend({ use: z.string().nullable() })),
  software: z.array(RelatedRef),
});
export type GroupDetail = z.infer<typeof GroupDetail>;

/** Release diff, by technique id. */
export const TechniqueChange = z.object({
  external_id: z.string(),
  name: z.string(),
  fields: z.array(z.enum(['name', 'tactics', 'platforms', 'description'])),
  before: z.object({
    name: z.string(),
    tactics: z.array(z.string()),
    platforms: z.array(z.string()),
  }),
  after: z.object({
    name: z.string(),
    tactics: z.array(z.string()),
    platforms: z.array(z.string()),
  }),
});
/** One item of the caller's data that a release diff touches. */
export const DiffImpact = z.object({
  /** The provider that found it, e.g. `library.test_templates`, `missions.tests`. */
  provider: z.string(),
  /** What it is, e.g. `test_template`, `mission_test`. */
  kind: z.string(),
  id: z.string(),
  label: z.string(),
  /** The mission it belongs to, when it belongs to one. */
  mission_id: Uuid.nullable(),
  /** The technique ids of the diff it references. */
  external_ids: z.array(z.string()),
  /** How the diff touches it (the categories of those ids). */
  reasons: z.array(z.enum(['changed', 'deprecated', 'revoked', 'removed'])),
});
export type DiffImpact = z.infer<typeof DiffImpact>;
export const ReleaseDiff = z.object({
  from: AttackRelease,
  to: AttackRelease,
  added: z.array(TechniqueSummary),
  changed: z.array(TechniqueChange),
  deprecated: z.array(TechniqueSummary),
  revoked: z.array(TechniqueSummary.extend({ revoked_by: z.string().nullable() })),
  /** Present in `from`, absent from `to`. */
  removed: z.array(TechniqueSummary),
  /**
   * What the change touches among the caller's own data (library templates, mission
   * tests), one entry per touched item, from the impact providers later issues add;
   * empty until then.
   */
  impacts: z.array(DiffImpact),
});
export type ReleaseDiff = z.infer<typeof ReleaseDiff>;
export const ReleaseDiffParams = z.object({ a: Uuid, b: Uuid });
export const TechniqueParams = z.object({ externalId: TechniqueId });
export const GroupParams = z.object({ externalId: GroupId });
export const DomainQuery = z.object({ domain: AttackDomain.default('enterprise-attack') });
