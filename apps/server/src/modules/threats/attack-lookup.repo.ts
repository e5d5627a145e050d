import type { FieldIssue } from '@metamorph/contract';
import { and, eq, inArray } from 'drizzle-orm';
import {
  attackCampaigns,
  attackGroups,
  attackRelationships,
  attackSoftware,
  attackTechniques,
} from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';

/** Threat profiles read the Enterprise catalog. */
export const THREAT_DOMAIN = 'enterprise-attack';

export interface EntryRow {
  stixId: string;
  externalId: string;
  revoked: boolean;
  deprecated: boolean;
}
export type EntryKind = 'group' | 'software' | 'campaign';

const TABLES = {
  group: attackGroups,
  software: attackSoftware,
  campaign: attackCampaigns,
} as const;

/** The current release's groups, software or campaigns of these external ids. */
export async function entriesOf(
  db: DbOrTx,
  kind: EntryKind,
  externalIds: readonly string[],
): Promise<Map<string, EntryRow>> {
  if (externalIds.length === 0) return new Map();
  const t = TABLES[kind];
  const rows = await db
    .select({
      stixId: t.stixId,
      externalId: t.externalId,
      revoked: t.revoked,
      deprecated: t.deprecated,
    })
    .from(t)
    .where(
      and(
        eq(t.domain, THREAT_DOMAIN),
        eq(t.inCurrentRelease, true),
        inArray(t.externalId, [...externalIds]),
      ),
    );
  // A live row wins over a revoked one of the same id.
  const out = new Map<string, EntryRow>();
  for (const r of rows) {
    const had = out.get(r.externalId);
    if (!had || had.revoked || had.deprecated) out.set(r.externalId, r);
  }
  return out;
}

/**
 * 422 issues for entries absent from the release, revoked or deprecated, or listed twice; each
 * names the entry and its position.
 */
export function entryIssues(
  kind: EntryKind,
  path: string,
  ids: readonly string[],
  found: Map<string, EntryRow>,
  version: string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    const at = `${path}.${i}`;
    const row = found.get(id);
    if (seen.has(id)) issues.push({ path: at, message: `${id} is listed twice` });
    else if (!row)
      issues.push({ path: at, message: `${id} is not a ${kind} of ATT&CK release ${version}` });
    else if (row.revoked)
      issues.push({ path: at, message: `${id} is revoked in release ${version}` });
    else if (row.deprecated)
      issues.push({ path: at, message: `${id} is deprecated in release ${version}` });
    seen.add(id);
  });
  return issues;
}

export interface TechniqueRow {
  stixId: string;
  externalId: string;
  name: string;
  tactics: string[];
  revoked: boolean;
  deprecated: boolean;
  revokedByExternalId: string | null;
}

const techniqueCols = {
  stixId: attackTechniques.stixId,
  externalId: attackTechniques.externalId,
  name: attackTechniques.name,
  tactics: attackTechniques.tactics,
  revoked: attackTechniques.revoked,
  deprecated: attackTechniques.deprecated,
  revokedByExternalId: attackTechniques.revokedByExternalId,
};

/** Techniques of the current release by external id (a live row wins over a revoked one). */
export async function techniquesByExternalId(
  db: DbOrTx,
  externalIds: readonly string[],
): Promise<Map<string, TechniqueRow>> {
  if (externalIds.length === 0) return new Map();
  const rows = await db
    .select(techniqueCols)
    .from(attackTechniques)
    .where(
      and(
        eq(attackTechniques.domain, THREAT_DOMAIN),
        eq(attackTechniques.inCurrentRelease, true),
        inArray(attackTechniques.externalId, [...new Set(externalIds)]),
      ),
    );
  const out = new Map<string, TechniqueRow>();
  for (const r of rows) {
    const had = out.get(r.externalId);
    if (!had || had.revoked || had.deprecated) out.set(r.externalId, r);
  }
  return out;
}

/**
 * The live techniques (not revoked or deprecated) each source STIX id `uses` in the current
 * release: sub-techniques stay themselves (a group using T1059.001 uses that, not T1059).
 */
export async function usedTechniques(
  db: DbOrTx,
  sourceStixIds: readonly string[],
): Promise<Array<{ sourceRef: string; technique: TechniqueRow }>> {
  if (sourceStixIds.length === 0) return [];
  const rows = await db
    .select({ sourceRef: attackRelationships.sourceRef, ...techniqueCols })
    .from(attackRelationships)
    .innerJoin(
      attackTechniques,
      and(
        eq(attackTechniques.domain, attackRelationships.domain),
        eq(attackTechniques.stixId, attackRelationships.targetRef),
      ),
    )
    .where(
      and(
        eq(attackRelationships.domain, THREAT_DOMAIN),
        eq(attackRelationships.type, 'uses'),
        inArray(attackRelationships.sourceRef, [...sourceStixIds]),
        eq(attackTechniques.inCurrentRelease, true),
        eq(attackTechniques.revoked, false),
        eq(attackTechniques.deprecated, false),
      ),
    );
  return rows.map(({ sourceRef, ...technique }) => ({ sourceRef, technique }));
}

/** Every live technique (not revoked or deprecated) of the current Enterprise release. */
export async function liveTechniques(
  db: DbOrTx,
): Promise<Array<{ externalId: string; tactics: string[] }>> {
  return db
    .select({ externalId: attackTechniques.externalId, tactics: attackTechniques.tactics })
    .from(attackTechniques)
    .where(
      and(
        eq(attackTechniques.domain, THREAT_DOMAIN),
        eq(attackTechniques.inCurrentRelease, true),
        eq(attackTechniques.revoked, false),
        eq(attackTechniques.deprecated, false),
      ),
    )
    .orderBy(attackTechniques.externalId);
}
