import { asc, eq, inArray } from 'drizzle-orm';
import {
  libraryScenarios,
  libraryScenarioTests,
  libraryTests,
  type LibraryScenarioRow,
} from '../../db/schema/index.js';
import { validationFailed } from '../../platform/errors.js';
import type { DbOrTx } from '../../platform/tx.js';

export async function scenarioById(
  db: DbOrTx,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<LibraryScenarioRow | undefined> {
  const q = db.select().from(libraryScenarios).where(eq(libraryScenarios.id, id));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row;
}

/** The scenario's test ids in order. */
export async function scenarioTestIds(db: DbOrTx, scenarioId: string): Promise<string[]> {
  const rows = await db
    .select({ testId: libraryScenarioTests.testId })
    .from(libraryScenarioTests)
    .where(eq(libraryScenarioTests.scenarioId, scenarioId))
    .orderBy(asc(libraryScenarioTests.position));
  return rows.map((r) => r.testId);
}

/** 422 unless every id names an existing test template, each once. */
export async function assertTestIds(db: DbOrTx, ids: readonly string[]): Promise<void> {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) {
      throw validationFailed([
        { path: `body.test_ids.${i}`, message: 'is listed twice (a test sits once in a scenario)' },
      ]);
    }
    seen.add(id);
  });
  if (ids.length === 0) return;
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .select({ id: libraryTests.id })
      .from(libraryTests)
      .where(inArray(libraryTests.id, ids.slice(i, i + 1000)));
    for (const r of rows) found.add(r.id);
  }
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) {
    throw validationFailed([
      { path: `body.test_ids.${missing}`, message: 'is not a test template of the library' },
    ]);
  }
}

export async function replaceScenarioTests(
  tx: DbOrTx,
  scenarioId: string,
  testIds: readonly string[],
): Promise<void> {
  await tx.delete(libraryScenarioTests).where(eq(libraryScenarioTests.scenarioId, scenarioId));
  for (let i = 0; i < testIds.length; i += 500) {
    await tx
      .insert(libraryScenarioTests)
      .values(
        testIds.slice(i, i + 500).map((testId, j) => ({ scenarioId, testId, position: i + j })),
      );
  }
}

export async function insertScenarioRow(
  tx: DbOrTx,
  s: {
    id: string;
    key: string;
    version?: number;
    name: string;
    description: string | null;
    tags: string[];
    actorId: string | null;
    now: Date;
  },
): Promise<void> {
  await tx.insert(libraryScenarios).values({
    id: s.id,
    key: s.key,
    version: s.version ?? 1,
    name: s.name,
    description: s.description,
    tags: [...new Set(s.tags)],
    createdAt: s.now,
    updatedAt: s.now,
    createdBy: s.actorId,
    updatedBy: s.actorId,
  });
}
