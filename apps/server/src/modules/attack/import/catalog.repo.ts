import { createHash } from 'node:crypto';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import {
  attackGroups,
  attackCampaigns,
  attackMitigations,
  attackRelationships,
  attackReleaseTechniques,
  attackSoftware,
  attackTactics,
  attackTechniques,
} from '../../../db/schema/index.js';
import { newId } from '../../../platform/ids.js';
import type { Tx } from '../../../platform/tx.js';
import type { ParsedBundle, ParsedNamed, ParsedTechnique } from '../stix/types.js';

const BATCH = 400;

async function inBatches<T>(rows: T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH));
}

/** `set col = excluded.col` for the listed columns (the row id is never touched). */
function excludedSet(table: object, keys: readonly string[]): Record<string, SQL> {
  const cols = table as Record<string, PgColumn>;
  const out: Record<string, SQL> = {};
  for (const key of keys) out[key] = sql.raw(`excluded."${(cols[key] as PgColumn).name}"`);
  return out;
}

const TECHNIQUE_COLS = [
  'externalId',
  'name',
  'description',
  'detection',
  'platforms',
  'tactics',
  'isSubtechnique',
  'parentExternalId',
  'url',
  'revoked',
  'deprecated',
  'revokedByExternalId',
  'modified',
  'inCurrentRelease',
] as const;
const TACTIC_COLS = [
  'externalId',
  'shortname',
  'name',
  'description',
  'url',
  'matrixOrder',
  'inCurrentRelease',
] as const;
const NAMED_COLS = [
  'externalId',
  'name',
  'description',
  'url',
  'revoked',
  'deprecated',
  'modified',
  'inCurrentRelease',
] as const;

const techniqueRow = (domain: string, t: ParsedTechnique) => ({
  id: newId(),
  domain,
  stixId: t.stixId,
  externalId: t.externalId,
  name: t.name,
  description: t.description,
  detection: t.detection,
  platforms: t.platforms,
  tactics: t.tactics,
  isSubtechnique: t.isSubtechnique,
  parentExternalId: t.parentExternalId,
  url: t.url,
  revoked: t.revoked,
  deprecated: t.deprecated,
  revokedByExternalId: t.revokedByExternalId,
  modified: t.modified,
  inCurrentRelease: true,
});

const namedRow = (domain: string, o: ParsedNamed) => ({
  id: newId(),
  domain,
  stixId: o.stixId,
  externalId: o.externalId,
  name: o.name,
  description: o.description,
  url: o.url,
  revoked: o.revoked,
  deprecated: o.deprecated,
  modified: o.modified,
  inCurrentRelease: true,
});

/**
 * Makes the catalog of `bundle.domain` that of this release: rows updated in place by
 * (domain, stix_id), keeping their ids; rows it lacks kept with in_current_release = false;
 * the domain's relationships replaced.
 */
export async function writeCatalog(tx: Tx, bundle: ParsedBundle): Promise<void> {
  const d = bundle.domain;
  await tx
    .update(attackTactics)
    .set({ inCurrentRelease: false })
    .where(eq(attackTactics.domain, d));
  await tx
    .update(attackTechniques)
    .set({ inCurrentRelease: false })
    .where(eq(attackTechniques.domain, d));
  await tx.update(attackGroups).set({ inCurrentRelease: false }).where(eq(attackGroups.domain, d));
  await tx
    .update(attackSoftware)
    .set({ inCurrentRelease: false })
    .where(eq(attackSoftware.domain, d));
  await tx
    .update(attackMitigations)
    .set({ inCurrentRelease: false })
    .where(eq(attackMitigations.domain, d));
  await inBatches(bundle.tactics, (batch) =>
    tx
      .insert(attackTactics)
      .values(batch.map((x) => ({ ...x, domain: d, inCurrentRelease: true })))
      .onConflictDoUpdate({
        target: [attackTactics.domain, attackTactics.stixId],
        set: excludedSet(attackTactics, TACTIC_COLS),
      }),
  );
  await inBatches(bundle.techniques, (batch) =>
    tx
      .insert(attackTechniques)
      .values(batch.map((x) => techniqueRow(d, x)))
      .onConflictDoUpdate({
        target: [attackTechniques.domain, attackTechniques.stixId],
        set: excludedSet(attackTechniques, TECHNIQUE_COLS),
      }),
  );
  await inBatches(bundle.groups, (batch) =>
    tx
      .insert(attackGroups)
      .values(batch.map((g) => ({ ...namedRow(d, g), aliases: g.aliases })))
      .onConflictDoUpdate({
        target: [attackGroups.domain, attackGroups.stixId],
        set: excludedSet(attackGroups, [...NAMED_COLS, 'aliases']),
      }),
  );
  await inBatches(bundle.software, (batch) =>
    tx
      .insert(attackSoftware)
      .values(
        batch.map((x) => ({
          ...namedRow(d, x),
          kind: x.kind,
          aliases: x.aliases,
          platforms: x.platforms,
        })),
      )
      .onConflictDoUpdate({
        target: [attackSoftware.domain, attackSoftware.stixId],
        set: excludedSet(attackSoftware, [...NAMED_COLS, 'kind', 'aliases', 'platforms']),
      }),
  );
  await inBatches(bundle.mitigations, (batch) =>
    tx
      .insert(attackMitigations)
      .values(batch.map((m) => namedRow(d, m)))
      .onConflictDoUpdate({
        target: [attackMitigations.domain, attackMitigations.stixId],
        set: excludedSet(attackMitigations, NAMED_COLS),
      }),
  );
  await tx
    .update(attackCampaigns)
    .set({ inCurrentRelease: false })
    .where(eq(attackCampaigns.domain, d));
  await inBatches(bundle.campaigns, (batch) =>
    tx
      .insert(attackCampaigns)
      .values(batch.map((c) => namedRow(d, c)))
      .onConflictDoUpdate({
        target: [attackCampaigns.domain, attackCampaigns.stixId],
        set: excludedSet(attackCampaigns, NAMED_COLS),
      }),
  );
  await tx.delete(attackRelationships).where(eq(attackRelationships.domain, d));
  await inBatches(bundle.relationships, (batch) =>
    tx.insert(attackRelationships).values(batch.map((r) => ({ ...r, domain: d }))),
  );
}

export const descriptionHash = (text: string): string =>
  createHash('sha256').update(text).digest('hex');

/** The release's compact technique snapshot, for diffs. */
export async function writeSnapshot(
  tx: Tx,
  releaseId: string,
  bundle: ParsedBundle,
): Promise<void> {
  await inBatches(bundle.techniques, (batch) =>
    tx.insert(attackReleaseTechniques).values(
      batch.map((x) => ({
        releaseId,
        stixId: x.stixId,
        externalId: x.externalId,
        name: x.name,
        tactics: x.tactics,
        platforms: x.platforms,
        descriptionSha256: descriptionHash(x.description),
        isSubtechnique: x.isSubtechnique,
        parentExternalId: x.parentExternalId,
        url: x.url,
        revoked: x.revoked,
        deprecated: x.deprecated,
        revokedByExternalId: x.revokedByExternalId,
      })),
    ),
  );
}
