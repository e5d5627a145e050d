import type {
  TestTemplate,
  TestTemplateCreate,
  TestTemplateFields,
  TestTemplateUpdate,
} from '@metamorph/contract';
import { eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { libraryScenarios, libraryScenarioTests } from '../../db/schema/index.js';
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { accountId, requirePermission } from '../../platform/authz.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { changedFields } from '../../platform/diff.js';
import { conflict, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { DbOrTx } from '../../platform/tx.js';
import { resolveAttackTags } from './attack-tags.js';
import { contentHash, generateKey, normaliseFields } from './content.js';
import { rowFields, toTestTemplate } from './mappers.js';
import { deleteTest, insertTests, testById, updateTest } from './tests.repo.js';

export const staleVersion = (what: string, current: number) =>
  conflict(`${what} was changed by someone else (now version ${current}); reload and retry`, {
    current_version: current,
  });

/** Scenarios holding any of the tests get a new version (their content changed). */
export async function bumpScenariosHolding(
  tx: DbOrTx,
  testIds: readonly string[],
  now: Date,
): Promise<void> {
  if (testIds.length === 0) return;
  await tx
    .update(libraryScenarios)
    .set({ version: sql`${libraryScenarios.version} + 1`, updatedAt: now })
    .where(
      inArray(
        libraryScenarios.id,
        tx
          .select({ id: libraryScenarioTests.scenarioId })
          .from(libraryScenarioTests)
          .where(inArray(libraryScenarioTests.testId, [...testIds])),
      ),
    );
}

/** Test template CRUD: library.read to read, library.write to change; every change audited. */
export class TestTemplatesService {
  constructor(private readonly ctx: AppContext) {}

  async get(audit: AuditContext, id: string): Promise<TestTemplate> {
    requirePermission(audit.actor, 'library.read');
    return this.load(this.ctx.db, id);
  }

  private async load(db: DbOrTx, id: string): Promise<TestTemplate> {
    const row = await testById(db, id);
    if (!row) throw notFound('Test template');
    return toTestTemplate(row, await resolveAttackTags(db, row.attackIds));
  }

  async create(audit: AuditContext, body: TestTemplateCreate): Promise<TestTemplate> {
    const actor = requirePermission(audit.actor, 'library.write');
    const { key: givenKey, ...raw } = body;
    const fields = normaliseFields(raw);
    const key = givenKey ?? generateKey('manual', fields.name);
    const id = newId();
    try {
      return await this.ctx.db.transaction(async (tx) => {
        await insertTests(tx, [
          {
            id,
            key,
            version: 1,
            fields,
            meta: { source: 'manual', source_ref: null },
            actorId: accountId(actor),
            now: this.ctx.clock.now(),
          },
        ]);
        await appendAudit(tx, this.ctx.clock, audit, {
          action: 'library.test_created',
          targetId: id,
          after: { key, name: fields.name, attack_ids: fields.attack_ids },
        });
        return this.load(tx, id);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`A test template with key "${key}" exists`);
      throw err;
    }
  }

  async update(audit: AuditContext, id: string, body: TestTemplateUpdate): Promise<TestTemplate> {
    const actor = requirePermission(audit.actor, 'library.write');
    const { version, ...raw } = body;
    const fields: TestTemplateFields = normaliseFields(raw);
    return this.ctx.db.transaction(async (tx) => {
      const row = await testById(tx, id, { forUpdate: true });
      if (!row) throw notFound('Test template');
      if (row.version !== version) throw staleVersion('The test template', row.version);
      const meta = { source: row.source as TestTemplate['source'], source_ref: row.sourceRef };
      if (contentHash(fields, meta) === row.contentHash) return this.load(tx, id);
      const now = this.ctx.clock.now();
      await updateTest(tx, {
        id,
        key: row.key,
        version: row.version + 1,
        fields,
        meta,
        actorId: accountId(actor),
        now,
      });
      await bumpScenariosHolding(tx, [id], now);
      const diff = changedFields(rowFields(row), fields);
      await appendAudit(tx, this.ctx.clock, audit, {
        action: 'library.test_updated',
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
      const row = await testById(tx, id, { forUpdate: true });
      if (!row) throw notFound('Test template');
      if (version !== undefined && row.version !== version) {
        throw staleVersion('The test template', row.version);
      }
      const now = this.ctx.clock.now();
      await bumpScenariosHolding(tx, [id], now);
      await tx.delete(libraryScenarioTests).where(eq(libraryScenarioTests.testId, id));
      await deleteTest(tx, id);
      await appendAudit(tx, this.ctx.clock, audit, {
        action: 'library.test_deleted',
        targetId: id,
        before: { key: row.key, name: row.name, version: row.version },
      });
    });
  }
}
