import type { TestTemplateFacets } from '@metamorph/contract';
import { and, sql, type SQL } from 'drizzle-orm';
import { libraryTests } from '../../db/schema/index.js';
import { sqlRows } from '../../platform/sql-rows.js';
import type { DbOrTx } from '../../platform/tx.js';
import { LIBRARY_ATTACK_DOMAIN } from './attack-tags.js';
import { flaggedSql, searchConditions, type TestSearch } from './search.js';

type Count = { value: string; count: number };
const FACET_LIMIT = 100;

/**
 * Facet counts over the templates a search matches. Each facet ignores its own filter (the
 * platform counts ignore the chosen platform…), so the other values stay visible to switch to.
 */
export async function facetCounts(db: DbOrTx, search: TestSearch): Promise<TestTemplateFacets> {
  const filterWithout = (facet: keyof TestSearch): SQL => {
    const where = searchConditions({ ...search, [facet]: undefined });
    return where.length > 0 ? (and(...where) as SQL) : sql`true`;
  };
  const matching = (facet: keyof TestSearch) => sql`select ${libraryTests.id} as id,
    ${libraryTests.platforms} as platforms, ${libraryTests.tags} as tags,
    ${libraryTests.source} as source from ${libraryTests} where ${filterWithout(facet)}`;
  const rows = async (q: SQL): Promise<Count[]> =>
    (await sqlRows<{ value: string; count: number | string }>(db, q)).map((r) => ({
      value: r.value,
      count: Number(r.count),
    }));
  const [platforms, tags, sources, tactics, flagged] = await Promise.all([
    rows(sql`select p as value, count(*)::int as count from (${matching('platform')}) m, unnest(m.platforms) p
      group by p order by count(*) desc, p limit ${FACET_LIMIT}`),
    rows(sql`select g as value, count(*)::int as count from (${matching('tag')}) m, unnest(m.tags) g
      group by g order by count(*) desc, g limit ${FACET_LIMIT}`),
    rows(sql`select source as value, count(*)::int as count from (${matching('source')}) m
      group by source order by count(*) desc, source`),
    rows(sql`select x.shortname as value, count(distinct m.id)::int as count
      from (${matching('tactic')}) m
      join library_test_attack a on a.test_id = m.id
      left join attack_techniques k on k.domain = ${LIBRARY_ATTACK_DOMAIN}
        and k.in_current_release and k.external_id = a.external_id
      join attack_tactics x on x.domain = ${LIBRARY_ATTACK_DOMAIN} and x.in_current_release
        and (x.external_id = a.external_id or x.shortname = any(k.tactics))
      group by x.shortname, x.matrix_order order by x.matrix_order`),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(libraryTests)
      .where(and(filterWithout('flagged'), flaggedSql)),
  ]);
  return { platforms, tags, sources, tactics, flagged: Number(flagged[0]?.n ?? 0) };
}
