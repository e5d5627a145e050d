import type {
  ScenarioTemplate,
  ScenarioTemplateCreate,
  ScenarioTemplateUpdate,
  ScenarioTemplateSummary,
} from '@metamorph/contract';
import type { ScenarioTemplateQuery } from '@metamorph/contract';
import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import {
  libraryScenarios,
  libraryScenarioTests,
  libraryTests,
  type LibraryScenarioRow,
} from '../../db/schema/index.js';
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { accountId, requirePermission } from '../../platform/authz.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { conflict, notFound, validationFailed } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { DbOrTx } from '../../platform/tx.js';
import { escapeLike } from '../../platform/sql-like.js';
import { resolveAttackTags } from './attack-tags.js';
import { generateKey, unique } from './content.js';
import { toTestSummary } from './mappers.js';
import {
  assertTestIds,
  insertScenarioRow,
  replaceScenarioTests,
  scenarioById,
  scenarioTestIds,
} from './scenarios.repo.js';
import { decodeCursor, encodeCursor } from './search.js';
import { changedFields } from '../../platform/diff.js';
import { staleVersion } from './tests.service.js';

type Query = ReturnType<typeof ScenarioTemplateQuery.parse>;
const sortKey = sql`lower(${libraryScenarios.name}) collate "C"`;

function summary(r: LibraryScenarioRow, testCount: number): ScenarioTemplateSummary {
  return {
    id: r.id,
    key: r.key,
    version: r.version,
    name: r.name,
    description: r.description,
    tags: r.tags,
    test_count: testCount,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

/** Scenario templates: ordered lists of test templates. */
export class ScenarioTemplatesService {
  constructor(private readonly ctx: AppContext) {}

  async list(audit: AuditContext, query: Query) {
    requirePermission(audit.actor, 'library.read');
    const where: SQL[] = [];
    if (query.q?.trim()) {
      where.push(
        sql`lower(${libraryScenarios.name}) like ${`%${escapeLike(query.q.trim().toLowerCase())}%`}`,
      );
    }
    if (query.tag?.trim()) {
      where.push(
        sql`exists (select 1 from unnest(${libraryScenarios.tags}) g where lower(g) = ${query.tag.trim().toLowerCase()})`,
      );
    }
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (query.cursor && !cursor) {
      throw validationFailed([{ path: 'query.cursor', message: 'is not a cursor from this API' }]);
    }
    if (cursor) {
      where.push(
        sql`(${sortKey}, ${libraryScenarios.id}) > (${cursor[0]} collate "C", ${cursor[1]}::uuid)`,
      );
    }
    const rows = await this.ctx.db
      .select({ s: libraryScenarios, n: count(libraryScenarioTests.testId) })
      .from(libraryScenarios)
      .leftJoin(libraryScenarioTests, eq(libraryScenarioTests.scenarioId, libraryScenarios.id))
      .where(where.length > 0 ? and(...where) : undefined)
      .groupBy(libraryScenarios.id)
      .orderBy(asc(sortKey), asc(libraryScenarios.id))
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => summary(r.s, Number(r.n))),
      next_cursor: rows.length > query.limit && last ? encodeCursor(last.s.name, last.s.id) : null,
    };
  }

  async get(audit: AuditContext, id: string): Promise<ScenarioTemplate> {
    requirePermission(audit.actor, 'library.read');
    return this.load(this.ctx.db, id);
  }

  async load(db: DbOrTx, id: string): Promise<ScenarioTemplate> {
    const row = await scenarioById(db, id);
    if (!row) throw notFound('Scenario template');
    const ids = await scenarioTestIds(db, id);
    const tests =
      ids.length === 0
        ? []
        : await db.select().from(libraryTests).where(inArray(libraryTests.id, ids));
    const byId = new Map(tests.map((t) => [t.id, t]));
    const ordered = ids.flatMap((i) => byId.get(i) ?? []);
    const tags = await resolveAttackTags(
      db,
      ordered.flatMap((t) => t.attackIds),
    );
    const { test_count: _n, ...rest } = summary(row, ordered.length);
    return { ...rest, tests: ordered.map((t) => toTestSummary(t, tags)) };
  }

  async create(audit: AuditContext, body: ScenarioTemplateCreate): Promise<ScenarioTemplate> {
    const actor = requirePermission(audit.actor, 'library.write');
    const key = body.key ?? generateKey('scenario', body.name);
    const id = newId();
    const now = this.ctx.clock.now();
    try {
      return await this.ctx.db.transaction(async (tx) => {
        await assertTestIds(tx, body.test_ids);
        await insertScenarioRow(tx, {
          id,
          key,
          name: body.name,
          description: body.description,
          tags: body.tags,
          actorId: accountId(actor),
          now,
        });
        await replaceScenarioTests(tx, id, body.test_ids);
        await appendAudit(tx, this.ctx.clock, audit, {
          action: 'library.scenario_created',
          targetId: id,
          after: { key, name: body.name, test_ids: body.test_ids },
        });
        return this.load(tx, id);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`A scenario template with key "${key}" exists`);
      throw err;
    }
  }

  async update(
    audit: AuditContext,
    id: string,
    body: ScenarioTemplateUpdate,
  ): Promise<ScenarioTemplate> {
    const actor = requirePermission(audit.actor, 'library.write');
    return this.ctx.db.transaction(async (tx) => {
      const row = await scenarioById(tx, id, { forUpdate: true });
      if (!row) throw notFound('Scenario template');
      if (row.version !== body.version) throw staleVersion('The scenario template', row.version);
      await assertTestIds(tx, body.test_ids);
      const beforeIds = await scenarioTestIds(tx, id);
      const before = {
        name: row.name,
        description: row.description,
        tags: row.tags,
        test_ids: beforeIds,
      };
      const after = {
        name: body.name,
        description: body.description,
        tags: unique(body.tags),
        test_ids: body.test_ids,
      };
      const diff = changedFields(before, after);
      if (Object.keys(diff.after).length === 0) return this.load(tx, id);
      await tx
        .update(libraryScenarios)
        .set({
          name: after.name,
          description: after.description,
          tags: after.tags,
          version: row.version + 1,
          updatedAt: this.ctx.clock.now(),
          updatedBy: accountId(actor),
        })
        .where(eq(libraryScenarios.id, id));
      if (diff.after.test_ids) await replaceScenarioTests(tx, id, body.test_ids);
      await appendAudit(tx, this.ctx.clock, audit, {
        action: 'library.scenario_updated',
        targetId: id,
        before: { ...diff.before, version: row.version },
        after: { ...diff.after, version: row.version + 1 },
      });
      return this.load(tx, id);
    });
  }

  async delete(audit: AuditContext, id: string, version: number | undefined): Promise<void> {
    requirePermission(audit.actor, 'library.write');
    await this.ctx.db.transaction(async (tx) => {
      const row = await scenarioById(tx, id, { forUpdate: true });
      if (!row) throw notFound('Scenario template');
      if (version !== undefined && row.version !== version) {
        throw staleVersion('The scenario template', row.version);
      }
      await tx.delete(libraryScenarios).where(eq(libraryScenarios.id, id));
      await appendAudit(tx, this.ctx.clock, audit, {
        action: 'library.scenario_deleted',
        targetId: id,
        before: { key: row.key, name: row.name, version: row.version },
      });
    });
  }
}
