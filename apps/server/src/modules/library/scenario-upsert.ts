import type { ExportedScenarioTemplate } from '@metamorph/contract';
import { eq, inArray } from 'drizzle-orm';
import { libraryScenarios, libraryTests } from '../../db/schema/index.js';
import type { AuditEntry } from '../../platform/audit/audit.js';
import { validationFailed } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { DbOrTx } from '../../platform/tx.js';
import { unique } from './content.js';
import { insertScenarioRow, replaceScenarioTests, scenarioTestIds } from './scenarios.repo.js';
import { changedFields } from '../../platform/diff.js';
import type { UpsertOutcome } from './upsert.js';

/**
 * Creates or updates scenario templates by key. Test keys resolve to the document's tests
 * first (`docTests`: key → id), then to the library; an unknown key is a 422 naming it.
 */
export async function upsertScenarios(
  tx: DbOrTx,
  scenarios: readonly ExportedScenarioTemplate[],
  docTests: ReadonlyMap<string, string>,
  actorId: string | null,
  now: Date,
): Promise<{ outcomes: UpsertOutcome[]; audit: AuditEntry[] }> {
  const outside = [
    ...new Set(scenarios.flatMap((s) => s.test_keys).filter((k) => !docTests.has(k))),
  ];
  const library =
    outside.length === 0
      ? []
      : await tx
          .select({ id: libraryTests.id, key: libraryTests.key })
          .from(libraryTests)
          .where(inArray(libraryTests.key, outside));
  const idOf = new Map([...docTests, ...library.map((r) => [r.key, r.id] as const)]);
  const outcomes: UpsertOutcome[] = [];
  const audit: AuditEntry[] = [];
  for (const [i, s] of scenarios.entries()) {
    const testIds = s.test_keys.map((k, j) => {
      const id = idOf.get(k);
      if (!id) {
        throw validationFailed([
          {
            path: `body.scenarios.${i}.test_keys.${j}`,
            message: `no test template has the key ${k}`,
          },
        ]);
      }
      return id;
    });
    if (new Set(testIds).size !== testIds.length) {
      throw validationFailed([
        { path: `body.scenarios.${i}.test_keys`, message: 'lists a test twice' },
      ]);
    }
    const [row] = await tx.select().from(libraryScenarios).where(eq(libraryScenarios.key, s.key));
    const after = {
      name: s.name,
      description: s.description,
      tags: unique(s.tags),
      test_ids: testIds,
    };
    if (!row) {
      const id = newId();
      await insertScenarioRow(tx, {
        id,
        key: s.key,
        version: s.version,
        name: s.name,
        description: s.description,
        tags: after.tags,
        actorId,
        now,
      });
      await replaceScenarioTests(tx, id, testIds);
      outcomes.push('created');
      audit.push({
        action: 'library.scenario_created',
        targetId: id,
        after: { key: s.key, ...after },
      });
      continue;
    }
    const before = {
      name: row.name,
      description: row.description,
      tags: row.tags,
      test_ids: await scenarioTestIds(tx, row.id),
    };
    const diff = changedFields(before, after);
    if (Object.keys(diff.after).length === 0) {
      outcomes.push('unchanged');
      continue;
    }
    await tx
      .update(libraryScenarios)
      .set({
        name: s.name,
        description: s.description,
        tags: after.tags,
        version: row.version + 1,
        updatedAt: now,
        updatedBy: actorId,
      })
      .where(eq(libraryScenarios.id, row.id));
    if (diff.after.test_ids) await replaceScenarioTests(tx, row.id, testIds);
    outcomes.push('updated');
    audit.push({
      action: 'library.scenario_updated',
      targetId: row.id,
      before: { ...diff.before, version: row.version },
      after: { ...diff.after, version: row.version + 1 },
    });
  }
  return { outcomes, audit };
}
