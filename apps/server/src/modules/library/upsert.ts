import type { TestTemplateFields } from '@metamorph/contract';
import { and, eq, inArray } from 'drizzle-orm';
import { libraryTests } from '../../db/schema/index.js';
import type { AuditEntry } from '../../platform/audit/audit.js';
import { newId } from '../../platform/ids.js';
import type { DbOrTx } from '../../platform/tx.js';
import { contentHash, normaliseFields, type ContentMeta } from './content.js';
import { rowFields } from './mappers.js';
import { changedFields } from '../../platform/diff.js';
import { bumpScenariosHolding } from './tests.service.js';
import { insertTests, testsByKey, updateTest, type TestWrite } from './tests.repo.js';

export interface UpsertItem {
  key: string;
  fields: TestTemplateFields;
  meta: ContentMeta;
  /** Version for a new template (imports keep the document's); updates always add one. */
  version?: number;
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

export interface UpsertResult {
  outcomes: UpsertOutcome[];
  /** Template id per item, in order. */
  ids: string[];
  audit: AuditEntry[];
}

/**
 * Creates or updates test templates by key, in the caller's transaction. Unchanged content
 * writes nothing. Returns the audit entries to append (the caller appends them in bulk).
 * Throws `SourceRefTaken` when an item's source ref belongs to a template of another key.
 */
export async function upsertTests(
  tx: DbOrTx,
  items: readonly UpsertItem[],
  actorId: string | null,
  now: Date,
): Promise<UpsertResult> {
  const existing = await testsByKey(
    tx,
    items.map((i) => i.key),
  );
  await assertSourceRefsFree(tx, items);
  const inserts: TestWrite[] = [];
  const outcomes: UpsertOutcome[] = [];
  const ids: string[] = [];
  const audit: AuditEntry[] = [];
  const updatedIds: string[] = [];
  for (const item of items) {
    const fields = normaliseFields(item.fields);
    const row = existing.get(item.key);
    if (!row) {
      const id = newId();
      inserts.push({
        id,
        key: item.key,
        version: item.version ?? 1,
        fields,
        meta: item.meta,
        actorId,
        now,
      });
      outcomes.push('created');
      ids.push(id);
      audit.push({
        action: 'library.test_created',
        targetId: id,
        after: {
          key: item.key,
          name: fields.name,
          source: item.meta.source,
          source_ref: item.meta.source_ref,
        },
      });
      continue;
    }
    ids.push(row.id);
    if (contentHash(fields, item.meta) === row.contentHash) {
      outcomes.push('unchanged');
      continue;
    }
    await updateTest(tx, {
      id: row.id,
      key: row.key,
      version: row.version + 1,
      fields,
      meta: item.meta,
      actorId,
      now,
    });
    updatedIds.push(row.id);
    outcomes.push('updated');
    const diff = changedFields(
      { ...rowFields(row), source: row.source, source_ref: row.sourceRef },
      { ...fields, ...item.meta },
    );
    audit.push({
      action: 'library.test_updated',
      targetId: row.id,
      before: { ...diff.before, version: row.version },
      after: { ...diff.after, version: row.version + 1 },
    });
  }
  await insertTests(tx, inserts);
  await bumpScenariosHolding(tx, updatedIds, now);
  return { outcomes, ids, audit };
}

export class SourceRefTaken extends Error {
  constructor(
    readonly index: number,
    readonly ownerKey: string,
  ) {
    super(`its source ref already belongs to the template ${ownerKey}`);
  }
}

async function assertSourceRefsFree(tx: DbOrTx, items: readonly UpsertItem[]): Promise<void> {
  const withRef = items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => item.meta.source_ref !== null);
  const sources = [...new Set(withRef.map(({ item }) => item.meta.source))];
  for (const source of sources) {
    const refs = withRef.filter(({ item }) => item.meta.source === source);
    for (let i = 0; i < refs.length; i += 1000) {
      const chunk = refs.slice(i, i + 1000);
      const rows = await tx
        .select({ key: libraryTests.key, sourceRef: libraryTests.sourceRef })
        .from(libraryTests)
        .where(
          and(
            eq(libraryTests.source, source),
            inArray(
              libraryTests.sourceRef,
              chunk.map(({ item }) => item.meta.source_ref as string),
            ),
          ),
        );
      const owner = new Map(rows.map((r) => [r.sourceRef, r.key]));
      for (const { item, index } of chunk) {
        const key = owner.get(item.meta.source_ref);
        if (key !== undefined && key !== item.key) throw new SourceRefTaken(index, key);
      }
    }
  }
}
