import type { TemplateSource } from '@metamorph/contract';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { attackTactics, libraryTests } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';
import { escapeLike } from '../../platform/sql-like.js';
import { LIBRARY_ATTACK_DOMAIN } from './attack-tags.js';

const D = LIBRARY_ATTACK_DOMAIN;

export interface TestSearch {
  q?: string;
  techniques: string[];
  /** Resolved tactic (external id and shortname); `null` when the filter named none known. */
  tactic?: { externalId: string; shortname: string } | null;
  platform?: string;
  tag?: string;
  source?: TemplateSource;
  flagged?: boolean;
}

/** A template with a tag the current catalog does not hold live (unknown, revoked, deprecated). */
export const flaggedSql = sql`exists (
  select 1 from library_test_attack a where a.test_id = ${libraryTests.id}
  and not exists (select 1 from attack_techniques k where k.domain = ${D}
    and k.in_current_release and k.external_id = a.external_id and not k.revoked and not k.deprecated)
  and not exists (select 1 from attack_tactics x where x.domain = ${D}
    and x.in_current_release and x.external_id = a.external_id))`;

/** A tactic given by shortname, external id or name, in the current Enterprise catalog. */
export async function resolveTactic(
  db: DbOrTx,
  tactic: string,
): Promise<{ externalId: string; shortname: string } | null> {
  const wanted = tactic.trim().toLowerCase();
  const [row] = await db
    .select({ externalId: attackTactics.externalId, shortname: attackTactics.shortname })
    .from(attackTactics)
    .where(
      and(
        eq(attackTactics.domain, D),
        eq(attackTactics.inCurrentRelease, true),
        sql`(lower(${attackTactics.shortname}) = ${wanted} or lower(${attackTactics.externalId}) = ${wanted} or lower(${attackTactics.name}) = ${wanted})`,
      ),
    )
    .limit(1);
  return row ?? null;
}

export function searchConditions(s: TestSearch): SQL[] {
  const where: SQL[] = [];
  if (s.q?.trim()) {
    where.push(sql`${libraryTests.searchText} like ${`%${escapeLike(s.q.trim().toLowerCase())}%`}`);
  }
  if (s.techniques.length > 0) {
    const parents = s.techniques.filter((id) => !id.includes('.'));
    where.push(sql`exists (select 1 from library_test_attack a where a.test_id = ${libraryTests.id}
      and (a.external_id in ${s.techniques}${parents.length > 0 ? sql` or a.parent_id in ${parents}` : sql``}))`);
  }
  if (s.tactic === null) where.push(sql`false`);
  else if (s.tactic) {
    where.push(sql`exists (select 1 from library_test_attack a
      left join attack_techniques k on k.domain = ${D} and k.in_current_release
        and k.external_id = a.external_id
      where a.test_id = ${libraryTests.id}
        and (a.external_id = ${s.tactic.externalId} or ${s.tactic.shortname} = any(k.tactics)))`);
  }
  if (s.platform?.trim()) {
    where.push(sql`exists (select 1 from unnest(${libraryTests.platforms}) p
      where lower(p) = ${s.platform.trim().toLowerCase()})`);
  }
  if (s.tag?.trim()) {
    where.push(sql`exists (select 1 from unnest(${libraryTests.tags}) g
      where lower(g) = ${s.tag.trim().toLowerCase()})`);
  }
  if (s.source) where.push(eq(libraryTests.source, s.source));
  if (s.flagged !== undefined) where.push(s.flagged ? flaggedSql : sql`not ${flaggedSql}`);
  return where;
}

/** Sort key of the library list: the lower-cased name byte-wise, then the id. */
export const sortKey = sql`lower(${libraryTests.name}) collate "C"`;

export function encodeCursor(name: string, id: string): string {
  return Buffer.from(JSON.stringify([name.toLowerCase(), id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      typeof v[1] === 'string' &&
      /^[0-9a-f-]{36}$/.test(v[1])
    ) {
      return [v[0], v[1]];
    }
  } catch {
    // fall through: not a cursor of ours
  }
  return undefined;
}
