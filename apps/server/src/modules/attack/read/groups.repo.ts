import type { AttackDomain } from '@metamorph/contract';
import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import {
  attackGroups,
  attackRelationships,
  attackSoftware,
  attackTechniques,
} from '../../../db/schema/index.js';
import { escapeLike } from '../../../platform/sql-like.js';
import type { DbOrTx } from '../../../platform/tx.js';
import {
  byteOrder,
  summaryColumns,
  type GroupRow,
  type RelatedRow,
  type SummaryRow,
} from './catalog.repo.js';

export interface GroupListRow {
  externalId: string;
  name: string;
  aliases: string[];
  revoked: boolean;
  deprecated: boolean;
  techniqueCount: number;
}

/** Per group STIX id: how many live techniques of the current release its `uses` point at. */
async function techniqueCounts(db: DbOrTx, domain: AttackDomain): Promise<Map<string, number>> {
  const rows = await db
    .select({
      sourceRef: attackRelationships.sourceRef,
      n: sql<number>`count(distinct ${attackTechniques.stixId})::int`,
    })
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
        eq(attackRelationships.domain, domain),
        eq(attackRelationships.type, 'uses'),
        sql`${attackRelationships.sourceRef} like 'intrusion-set--%'`,
        eq(attackTechniques.inCurrentRelease, true),
        eq(attackTechniques.revoked, false),
      ),
    )
    .groupBy(attackRelationships.sourceRef);
  return new Map(rows.map((r) => [r.sourceRef, r.n]));
}

/** Live groups (not revoked or deprecated) of the current release, by id, name or alias. */
export async function listGroups(
  db: DbOrTx,
  domain: AttackDomain,
  q?: string,
): Promise<GroupListRow[]> {
  const where: SQL[] = [
    eq(attackGroups.domain, domain),
    eq(attackGroups.inCurrentRelease, true),
    eq(attackGroups.revoked, false),
    eq(attackGroups.deprecated, false),
  ];
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    const match = or(
      ilike(attackGroups.externalId, `${escapeLike(q)}%`),
      ilike(attackGroups.name, pattern),
      sql`exists (select 1 from unnest(${attackGroups.aliases}) a where a ilike ${pattern})`,
    );
    if (match) where.push(match);
  }
  const [rows, counts] = await Promise.all([
    db
      .select({
        stixId: attackGroups.stixId,
        externalId: attackGroups.externalId,
        name: attackGroups.name,
        aliases: attackGroups.aliases,
        revoked: attackGroups.revoked,
        deprecated: attackGroups.deprecated,
      })
      .from(attackGroups)
      .where(and(...where))
      .orderBy(byteOrder(attackGroups.externalId)),
    techniqueCounts(db, domain),
  ]);
  return rows.map(({ stixId, ...r }) => ({ ...r, techniqueCount: counts.get(stixId) ?? 0 }));
}

export async function groupByExternalId(
  db: DbOrTx,
  domain: AttackDomain,
  externalId: string,
): Promise<GroupRow | undefined> {
  const [row] = await db
    .select()
    .from(attackGroups)
    .where(
      and(
        eq(attackGroups.domain, domain),
        eq(attackGroups.externalId, externalId),
        eq(attackGroups.inCurrentRelease, true),
      ),
    )
    .orderBy(asc(attackGroups.revoked), asc(attackGroups.deprecated))
    .limit(1);
  return row;
}

export type UsedTechniqueRow = SummaryRow & { use: string | null };

/** What a group uses: techniques (with the relationship's description) and software. */
export async function usesOfGroup(
  db: DbOrTx,
  domain: AttackDomain,
  stixId: string,
): Promise<{ techniques: UsedTechniqueRow[]; software: RelatedRow[] }> {
  const uses = and(
    eq(attackRelationships.domain, domain),
    eq(attackRelationships.sourceRef, stixId),
    eq(attackRelationships.type, 'uses'),
  );
  const [techniques, software] = await Promise.all([
    db
      .select({ ...summaryColumns, use: attackRelationships.description })
      .from(attackRelationships)
      .innerJoin(
        attackTechniques,
        and(
          eq(attackTechniques.domain, attackRelationships.domain),
          eq(attackTechniques.stixId, attackRelationships.targetRef),
        ),
      )
      .where(and(uses, eq(attackTechniques.inCurrentRelease, true)))
      .orderBy(byteOrder(attackTechniques.externalId)),
    db
      .select({
        externalId: attackSoftware.externalId,
        name: attackSoftware.name,
        kind: attackSoftware.kind,
      })
      .from(attackRelationships)
      .innerJoin(
        attackSoftware,
        and(
          eq(attackSoftware.domain, attackRelationships.domain),
          eq(attackSoftware.stixId, attackRelationships.targetRef),
        ),
      )
      .where(
        and(uses, eq(attackSoftware.inCurrentRelease, true), eq(attackSoftware.revoked, false)),
      )
      .orderBy(byteOrder(attackSoftware.externalId)),
  ]);
  return { techniques, software };
}
