import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ts } from './columns.js';

/**
 * MITRE ATT&CK. Every import is a release (kept for diffs, with a compact snapshot of
 * its techniques); the catalog tables hold the newest release of each domain and are
 * updated in place (stable row ids), objects absent from it keep their row with
 * `in_current_release = false`.
 */
export const attackReleases = pgTable(
  'attack_releases',
  {
    id: uuid('id').primaryKey(),
    domain: text('domain').notNull(),
    version: text('version').notNull(),
    specVersion: text('spec_version').notNull(),
    source: text('source').notNull(),
    sha256: text('sha256').notNull(),
    /** Newest `modified` among the release's ATT&CK objects: orders releases without a version. */
    dataModified: ts('data_modified'),
    counts: jsonb('counts')
      .notNull()
      .default(sql`'{}'::jsonb`),
    importedAt: ts('imported_at').notNull(),
    importedBy: uuid('imported_by'),
    current: boolean('current').notNull().default(false),
  },
  (t) => [
    uniqueIndex('attack_releases_domain_sha_key').on(t.domain, t.sha256),
    index('attack_releases_domain_idx').on(t.domain, t.importedAt),
  ],
);

export const attackTactics = pgTable(
  'attack_tactics',
  {
    domain: text('domain').notNull(),
    stixId: text('stix_id').notNull(),
    externalId: text('external_id').notNull(),
    shortname: text('shortname').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    url: text('url'),
    /** Column position from x-mitre-matrix.tactic_refs. */
    matrixOrder: integer('matrix_order').notNull(),
    inCurrentRelease: boolean('in_current_release').notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.domain, t.stixId] }),
    index('attack_tactics_shortname_idx').on(t.domain, t.shortname),
  ],
);

export const attackTechniques = pgTable(
  'attack_techniques',
  {
    id: uuid('id').primaryKey(),
    domain: text('domain').notNull(),
    stixId: text('stix_id').notNull(),
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    detection: text('detection'),
    platforms: text('platforms').array().notNull(),
    /** Tactic shortnames from kill_chain_phases. */
    tactics: text('tactics').array().notNull(),
    isSubtechnique: boolean('is_subtechnique').notNull(),
    parentExternalId: text('parent_external_id'),
    url: text('url'),
    revoked: boolean('revoked').notNull().default(false),
    deprecated: boolean('deprecated').notNull().default(false),
    revokedByExternalId: text('revoked_by_external_id'),
    modified: ts('modified'),
    inCurrentRelease: boolean('in_current_release').notNull().default(true),
  },
  (t) => [
    uniqueIndex('attack_techniques_stix_key').on(t.domain, t.stixId),
    index('attack_techniques_external_idx').on(t.domain, t.externalId),
  ],
);

const namedObject = {
  id: uuid('id').primaryKey(),
  domain: text('domain').notNull(),
  stixId: text('stix_id').notNull(),
  externalId: text('external_id').notNull(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  url: text('url'),
  revoked: boolean('revoked').notNull().default(false),
  deprecated: boolean('deprecated').notNull().default(false),
  modified: ts('modified'),
  inCurrentRelease: boolean('in_current_release').notNull().default(true),
};

/** intrusion-set */
export const attackGroups = pgTable(
  'attack_groups',
  { ...namedObject, aliases: text('aliases').array().notNull() },
  (t) => [
    uniqueIndex('attack_groups_stix_key').on(t.domain, t.stixId),
    index('attack_groups_external_idx').on(t.domain, t.externalId),
  ],
);

/** malware and tool */
export const attackSoftware = pgTable(
  'attack_software',
  {
    ...namedObject,
    kind: text('kind', { enum: ['malware', 'tool'] }).notNull(),
    aliases: text('aliases').array().notNull(),
    platforms: text('platforms').array().notNull(),
  },
  (t) => [
    uniqueIndex('attack_software_stix_key').on(t.domain, t.stixId),
    index('attack_software_external_idx').on(t.domain, t.externalId),
  ],
);

/** campaign (C0024 …): its `uses` relationships are in attack_relationships. */
export const attackCampaigns = pgTable('attack_campaigns', namedObject, (t) => [
  uniqueIndex('attack_campaigns_stix_key').on(t.domain, t.stixId),
  index('attack_campaigns_external_idx').on(t.domain, t.externalId),
]);

/** course-of-action */
export const attackMitigations = pgTable('attack_mitigations', namedObject, (t) => [
  uniqueIndex('attack_mitigations_stix_key').on(t.domain, t.stixId),
  index('attack_mitigations_external_idx').on(t.domain, t.externalId),
]);

/** `uses` and `mitigates` relationships of the current release, by STIX ids. */
export const attackRelationships = pgTable(
  'attack_relationships',
  {
    domain: text('domain').notNull(),
    stixId: text('stix_id').notNull(),
    type: text('type').notNull(),
    sourceRef: text('source_ref').notNull(),
    targetRef: text('target_ref').notNull(),
    description: text('description'),
  },
  (t) => [
    primaryKey({ columns: [t.domain, t.stixId] }),
    index('attack_relationships_target_idx').on(t.domain, t.targetRef),
    index('attack_relationships_source_idx').on(t.domain, t.sourceRef),
  ],
);

/** A compact copy of every technique of a release, for release diffs. */
export const attackReleaseTechniques = pgTable(
  'attack_release_techniques',
  {
    releaseId: uuid('release_id')
      .notNull()
      .references(() => attackReleases.id, { onDelete: 'cascade' }),
    stixId: text('stix_id').notNull(),
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    tactics: text('tactics').array().notNull(),
    platforms: text('platforms').array().notNull(),
    descriptionSha256: text('description_sha256').notNull(),
    isSubtechnique: boolean('is_subtechnique').notNull(),
    parentExternalId: text('parent_external_id'),
    url: text('url'),
    revoked: boolean('revoked').notNull(),
    deprecated: boolean('deprecated').notNull(),
    revokedByExternalId: text('revoked_by_external_id'),
  },
  (t) => [
    primaryKey({ columns: [t.releaseId, t.stixId] }),
    index('attack_release_techniques_ext_idx').on(t.releaseId, t.externalId),
  ],
);
