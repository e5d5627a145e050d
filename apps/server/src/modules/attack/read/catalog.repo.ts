import type { AttackDomain } from '@metamorph/contract';
import {
  and,
  asc,
  desc,
  eq,
  gt,
  ilike,
  inArray,
  or,
  sql,
  type SQL,
  type SQLWrapper,
} from 'drizzle-orm';
import {
  attackGroups,
  attackMitigations,
  attackRelationships,
  attackReleases,
  attackSoftware,
  attackTactics,
  attackTechniques,
} from '../../../db/schema/index.js';
import { escapeLike } from '../../../platform/sql-like.js';
import type { DbOrTx } from '../../../platform/tx.js';

export type ReleaseRow = typeof attackReleases.$inferSelect;
export type TacticRow = typeof attackTactics.$inferSelect;
export type TechniqueRow = typeof attackTechniques.$inferSelect;
export type GroupRow = typeof attackGroups.$inferSelect;

/** The columns every technique list needs (no description, no detection). */
export const summaryColumns = {
  stixId: attackTechniques.stixId,
  externalId: attackTechniques.externalId,
  name: attackTechniques.name,
  isSubtechnique: attackTechniques.isSubtechnique,
  parentExternalId: attackTechniques.parentExternalId,
  tactics: attackTechniques.tactics,
  platforms: attackTechniques.platforms,
  revoked: attackTechniques.revoked,
  deprecated: attackTechniques.deprecated,
  url: attackTechniques.url,
};
export type SummaryRow = {
  [K in keyof typeof summaryColumns]: (typeof summaryColumns)[K]['_']['notNull'] extends true
    ? (typeof summaryColumns)[K]['_']['data']
    : (typeof summaryColumns)[K]['_']['data'] | null;
};

/** Ids compare byte-wise so that T1001 < T1001.001 < T1002 whatever the database collation. */
export const byteOrder = (col: SQLWrapper): SQL => sql`${col} collate "C"`;

export async function currentRelease(
  db: DbOrTx,
  domain: AttackDomain,
): Promise<ReleaseRow | undefined> {
  const [row] = await db
    .select()
    .from(attackReleases)
    .where(and(eq(attackReleases.domain, domain), eq(attackReleases.current, true)))
    .orderBy(desc(attackReleases.importedAt))
    .limit(1);
  return row;
}

export async function releaseById(db: DbOrTx, id: string): Promise<ReleaseRow | undefined> {
  const [row] = await db.select().from(attackReleases).where(eq(attackReleases.id, id));
  return row;
}

/** Tactics of the current release in matrix (column) order. */
export function currentTactics(db: DbOrTx, domain: AttackDomain): Promise<TacticRow[]> {
  return db
    .select()
    .from(attackTactics)
    .where(and(eq(attackTactics.domain, domain), eq(attackTactics.inCurrentRelease, true)))
    .orderBy(asc(attackTactics.matrixOrder));
}

export interface VisibilityFilter {
  includeRevoked: boolean;
  includeDeprecated: boolean;
}

/** Techniques of the current release, visible under the filter (revoked/deprecated hidden by default). */
export function visibleTechniques(domain: AttackDomain, f: VisibilityFilter): SQL[] {
  const where: SQL[] = [
    eq(attackTechniques.domain, domain),
    eq(attackTechniques.inCurrentRelease, true),
  ];
  if (!f.includeRevoked) where.push(eq(attackTechniques.revoked, false));
  if (!f.includeDeprecated) where.push(eq(attackTechniques.deprecated, false));
  return where;
}

export function techniqueSummaries(db: DbOrTx, where: SQL[]): Promise<SummaryRow[]> {
  return db
    .select(summaryColumns)
    .from(attackTechniques)
    .where(and(...where))
    .orderBy(byteOrder(attackTechniques.externalId));
}

export interface TechniqueSearch extends VisibilityFilter {
  domain: AttackDomain;
  q?: string;
  /** Tactic shortnames any of which the technique must have. */
  tactics?: string[];
  platform?: string;
  subtechniques: 'include' | 'exclude' | 'only';
  after?: string;
  limit: number;
}

function searchWhere(s: TechniqueSearch): SQL[] {
  const where = visibleTechniques(s.domain, s);
  if (s.q) {
    const match = or(
      ilike(attackTechniques.externalId, `${escapeLike(s.q)}%`),
      ilike(attackTechniques.name, `%${escapeLike(s.q)}%`),
    );
    if (match) where.push(match);
  }
  if (s.tactics) {
    where.push(sql`${attackTechniques.tactics} && ${sql.param(s.tactics)}::text[]`);
  }
  if (s.platform) {
    where.push(
      sql`exists (select 1 from unnest(${attackTechniques.platforms}) p where lower(p) = lower(${s.platform}))`,
    );
  }
  if (s.subtechniques === 'exclude') where.push(eq(attackTechniques.isSubtechnique, false));
  if (s.subtechniques === 'only') where.push(eq(attackTechniques.isSubtechnique, true));
  return where;
}

/** One page of a technique search, in external id order, and the total of the whole search. */
export async function searchTechniques(
  db: DbOrTx,
  s: TechniqueSearch,
): Promise<{ rows: SummaryRow[]; total: number }> {
  const where = searchWhere(s);
  const paged = s.after ? [...where, gt(byteOrder(attackTechniques.externalId), s.after)] : where;
  const [rows, [count]] = await Promise.all([
    db
      .select(summaryColumns)
      .from(attackTechniques)
      .where(and(...paged))
      .orderBy(byteOrder(attackTechniques.externalId), asc(attackTechniques.stixId))
      .limit(s.limit + 1),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(attackTechniques)
      .where(and(...where)),
  ]);
  return { rows, total: count?.n ?? 0 };
}

/** A technique by external id; a live object wins over a revoked or deprecated one of the same id. */
export async function techniqueByExternalId(
  db: DbOrTx,
  domain: AttackDomain,
  externalId: string,
): Promise<TechniqueRow | undefined> {
  const [row] = await db
    .select()
    .from(attackTechniques)
    .where(
      and(
        eq(attackTechniques.domain, domain),
        eq(attackTechniques.externalId, externalId),
        eq(attackTechniques.inCurrentRelease, true),
      ),
    )
    .orderBy(asc(attackTechniques.revoked), asc(attackTechniques.deprecated))
    .limit(1);
  return row;
}

export function tacticsByShortname(
  db: DbOrTx,
  domain: AttackDomain,
  shortnames: string[],
): Promise<TacticRow[]> {
  if (shortnames.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(attackTactics)
    .where(
      and(
        eq(attackTactics.domain, domain),
        eq(attackTactics.inCurrentRelease, true),
        inArray(attackTactics.shortname, shortnames),
      ),
    )
    .orderBy(asc(attackTactics.matrixOrder));
}

export interface RelatedRow {
  externalId: string;
  name: string;
  kind: 'group' | 'malware' | 'tool' | 'mitigation';
}

/** Groups and software with a `uses` relationship to the object, and mitigations for it. */
export async function relatedToTarget(
  db: DbOrTx,
  domain: AttackDomain,
  targetRef: string,
): Promise<{ usedBy: RelatedRow[]; mitigations: RelatedRow[] }> {
  const rel = and(
    eq(attackRelationships.domain, domain),
    eq(attackRelationships.targetRef, targetRef),
  );
  const live = <T extends typeof attackGroups | typeof attackSoftware | typeof attackMitigations>(
    t: T,
  ): SQL[] => [eq(t.domain, domain), eq(t.inCurrentRelease, true), eq(t.revoked, false)];
  const [groups, software, mitigations] = await Promise.all([
    db
      .select({ externalId: attackGroups.externalId, name: attackGroups.name })
      .from(attackRelationships)
      .innerJoin(attackGroups, eq(attackGroups.stixId, attackRelationships.sourceRef))
      .where(and(rel, eq(attackRelationships.type, 'uses'), ...live(attackGroups))),
    db
      .select({
        externalId: attackSoftware.externalId,
        name: attackSoftware.name,
        kind: attackSoftware.kind,
      })
      .from(attackRelationships)
      .innerJoin(attackSoftware, eq(attackSoftware.stixId, attackRelationships.sourceRef))
      .where(and(rel, eq(attackRelationships.type, 'uses'), ...live(attackSoftware))),
    db
      .select({ externalId: attackMitigations.externalId, name: attackMitigations.name })
      .from(attackRelationships)
      .innerJoin(attackMitigations, eq(attackMitigations.stixId, attackRelationships.sourceRef))
      .where(and(rel, eq(attackRelationships.type, 'mitigates'), ...live(attackMitigations))),
  ]);
  const usedBy: RelatedRow[] = [
    ...groups.map((g) => ({ ...g, kind: 'group' as const })),
    ...software,
  ];
  return {
    usedBy: sortRelated(usedBy),
    mitigations: sortRelated(mitigations.map((m) => ({ ...m, kind: 'mitigation' as const }))),
  };
}

export function sortRelated<T extends { externalId: string }>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows
    .filter((r) => !seen.has(r.externalId) && seen.add(r.externalId))
    .sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
}
