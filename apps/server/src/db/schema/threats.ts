import { sql } from 'drizzle-orm';
import {
  doublePrecision,
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
import { users } from './identity.js';
import { clients } from './missions.js';

/**
 * Threat profiles of a client (issue 25): a named set of ATT&CK groups, software and
 * campaigns (external ids) plus extra weighted techniques. The techniques the set resolves to
 * in the release it was resolved against are kept in `threat_profile_techniques`.
 */
export const threatProfiles = pgTable(
  'threat_profiles',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    groupIds: text('group_ids').array().notNull(),
    softwareIds: text('software_ids').array().notNull(),
    campaignIds: text('campaign_ids').array().notNull(),
    /** [{technique_id, weight}] as given. */
    extra: jsonb('extra')
      .$type<Array<{ technique_id: string; weight: number }>>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Where the profile came from: manual, or a Navigator layer's name. */
    source: text('source').notNull(),
    /** The ATT&CK release (id and version) the techniques were resolved against. */
    attackReleaseId: uuid('attack_release_id'),
    attackVersion: text('attack_version'),
    version: integer('version').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('threat_profiles_client_idx').on(t.clientId),
    uniqueIndex('threat_profiles_client_name_key').on(t.clientId, sql`lower(${t.name})`),
  ],
);

/** A profile's resolved techniques: its weight and the profile entries that use it. */
export const threatProfileTechniques = pgTable(
  'threat_profile_techniques',
  {
    profileId: uuid('profile_id')
      .notNull()
      .references(() => threatProfiles.id, { onDelete: 'cascade' }),
    techniqueId: text('technique_id').notNull(),
    weight: doublePrecision('weight').notNull(),
    /** Group, software and campaign ids of the profile that use the technique. */
    usedBy: text('used_by').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.profileId, t.techniqueId] })],
);

export type ThreatProfileRow = typeof threatProfiles.$inferSelect;
export type ThreatProfileTechniqueRow = typeof threatProfileTechniques.$inferSelect;

/**
 * A client's imported DeTT&CT claims (issue 25 point 4): the current import (a new one
 * replaces it; the audit log keeps every import). `techniques` holds the parsed file (DettectClaimTechnique[] of the contract).
 */
export const dettectClaims = pgTable(
  'dettect_claims',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    name: text('name'),
    techniques: jsonb('techniques').$type<unknown[]>().notNull(),
    importedBy: uuid('imported_by').references(() => users.id, { onDelete: 'set null' }),
    importedAt: ts('imported_at').notNull(),
  },
  (t) => [index('dettect_claims_client_idx').on(t.clientId, t.importedAt)],
);
export type DettectClaimRow = typeof dettectClaims.$inferSelect;
