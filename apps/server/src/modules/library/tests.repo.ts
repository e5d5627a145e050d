import type { TestTemplateFields } from '@metamorph/contract';
import { eq, inArray } from 'drizzle-orm';
import { libraryTestAttack, libraryTests, type LibraryTestRow } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';
import { attackRows, fieldColumns, type ContentMeta } from './content.js';

export interface TestWrite {
  id: string;
  key: string;
  version: number;
  fields: TestTemplateFields;
  meta: ContentMeta;
  actorId: string | null;
  now: Date;
}

const BATCH = 200;

/** Inserts templates and their ATT&CK rows, in batches. */
export async function insertTests(tx: DbOrTx, writes: readonly TestWrite[]): Promise<void> {
  for (let i = 0; i < writes.length; i += BATCH) {
    const chunk = writes.slice(i, i + BATCH);
    await tx.insert(libraryTests).values(
      chunk.map((w) => ({
        ...fieldColumns(w.fields, w.key, w.meta),
        id: w.id,
        key: w.key,
        version: w.version,
        createdAt: w.now,
        updatedAt: w.now,
        createdBy: w.actorId,
        updatedBy: w.actorId,
      })),
    );
    const tags = chunk.flatMap((w) => attackRows(w.id, w.fields.attack_ids));
    if (tags.length > 0) await tx.insert(libraryTestAttack).values(tags);
  }
}

/** Replaces a template's content (the caller checked the version) and its ATT&CK rows. */
export async function updateTest(tx: DbOrTx, w: TestWrite): Promise<void> {
  await tx
    .update(libraryTests)
    .set({
      ...fieldColumns(w.fields, w.key, w.meta),
      version: w.version,
      updatedAt: w.now,
      updatedBy: w.actorId,
    })
    .where(eq(libraryTests.id, w.id));
  await replaceAttackRows(tx, w.id, w.fields.attack_ids);
}

export async function replaceAttackRows(
  tx: DbOrTx,
  testId: string,
  ids: readonly string[],
): Promise<void> {
  await tx.delete(libraryTestAttack).where(eq(libraryTestAttack.testId, testId));
  const rows = attackRows(testId, ids);
  if (rows.length > 0) await tx.insert(libraryTestAttack).values(rows);
}

export async function testById(
  db: DbOrTx,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<LibraryTestRow | undefined> {
  const q = db.select().from(libraryTests).where(eq(libraryTests.id, id));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row;
}

/** Templates by key (for imports), in chunks so huge imports stay within parameter limits. */
export async function testsByKey(
  db: DbOrTx,
  keys: readonly string[],
): Promise<Map<string, LibraryTestRow>> {
  const found = new Map<string, LibraryTestRow>();
  for (let i = 0; i < keys.length; i += 1000) {
    const rows = await db
      .select()
      .from(libraryTests)
      .where(inArray(libraryTests.key, keys.slice(i, i + 1000)));
    for (const r of rows) found.set(r.key, r);
  }
  return found;
}

export async function deleteTest(tx: DbOrTx, id: string): Promise<void> {
  await tx.delete(libraryTests).where(eq(libraryTests.id, id));
}
