import type { TestTemplatePage, TestTemplateQuery } from '@metamorph/contract';
import { and, asc, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { libraryTests } from '../../db/schema/index.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { requirePermission } from '../../platform/authz.js';
import { validationFailed } from '../../platform/errors.js';
import { resolveAttackTags } from './attack-tags.js';
import { facetCounts } from './facets.js';
import { SearchCache } from './search-cache.js';
import { toTestSummary } from './mappers.js';
import {
  decodeCursor,
  encodeCursor,
  resolveTactic,
  searchConditions,
  sortKey,
  type TestSearch,
} from './search.js';

const summaryColumns = {
  id: libraryTests.id,
  key: libraryTests.key,
  version: libraryTests.version,
  name: libraryTests.name,
  platforms: libraryTests.platforms,
  tags: libraryTests.tags,
  attackIds: libraryTests.attackIds,
  source: libraryTests.source,
  sourceRef: libraryTests.sourceRef,
  opsecLevel: libraryTests.opsecLevel,
  updatedAt: libraryTests.updatedAt,
  executor: libraryTests.executor,
};

/** The library list: filters, cursor paging, facet counts. */
export class LibraryBrowseService {
  private readonly cache = new SearchCache();
  constructor(private readonly ctx: AppContext) {}

  async searchTests(audit: AuditContext, query: TestTemplateQuery): Promise<TestTemplatePage> {
    requirePermission(audit.actor, 'library.read');
    const key = await this.cache.key(this.ctx.db, query);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const page = await this.search(query);
    this.cache.set(key, page);
    return page;
  }

  private async search(query: TestTemplateQuery): Promise<TestTemplatePage> {
    const q = query;
    const db = this.ctx.db;
    for (const id of q.technique) {
      if (!/^T\d{4}(\.\d{3})?$/.test(id)) {
        throw validationFailed([
          { path: 'query.technique', message: `"${id}" is not a technique id like T1059` },
        ]);
      }
    }
    const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
    if (q.cursor && !cursor) {
      throw validationFailed([{ path: 'query.cursor', message: 'is not a cursor from this API' }]);
    }
    const search: TestSearch = {
      q: q.q,
      techniques: q.technique,
      tactic: q.tactic?.trim() ? await resolveTactic(db, q.tactic) : undefined,
      platform: q.platform,
      tag: q.tag,
      source: q.source,
      flagged: q.flagged === undefined ? undefined : q.flagged === 'true',
    };
    const where = searchConditions(search);
    const paged = cursor
      ? [
          ...where,
          sql`(${sortKey}, ${libraryTests.id}) > (${cursor[0]} collate "C", ${cursor[1]}::uuid)`,
        ]
      : where;
    const [rows, [count], facets] = await Promise.all([
      db
        .select(summaryColumns)
        .from(libraryTests)
        .where(paged.length > 0 ? and(...paged) : undefined)
        .orderBy(asc(sortKey), asc(libraryTests.id))
        .limit(q.limit + 1),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(libraryTests)
        .where(where.length > 0 ? and(...where) : undefined),
      facetCounts(db, search),
    ]);
    const page = rows.slice(0, q.limit);
    const tags = await resolveAttackTags(
      db,
      page.flatMap((r) => r.attackIds),
    );
    const last = page.at(-1);
    return {
      items: page.map((r) => toTestSummary(r, tags)),
      next_cursor: rows.length > q.limit && last ? encodeCursor(last.name, last.id) : null,
      total: Number(count?.n ?? 0),
      facets,
    };
  }
}
