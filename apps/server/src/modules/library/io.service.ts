import {
  LIBRARY_FORMAT,
  LIBRARY_FORMAT_VERSION,
  type ExportedScenarioTemplate,
  type LibraryDocument,
  type LibraryImportResult,
} from '@metamorph/contract';
import { asc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { libraryScenarios, libraryScenarioTests, libraryTests } from '../../db/schema/index.js';
import { appendAuditMany, type AuditContext, type AuditEntry } from '../../platform/audit/audit.js';
import { accountId, requirePermission } from '../../platform/authz.js';
import { validationFailed } from '../../platform/errors.js';
import type { DbOrTx } from '../../platform/tx.js';
import { toExported } from './mappers.js';
import { upsertScenarios } from './scenario-upsert.js';
import { SourceRefTaken, upsertTests } from './upsert.js';

const byKey = <T extends { key: string }>(a: T, b: T) =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
const splitKeys = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

/** Library export and import as a versioned JSON document (lossless round trip). */
export class LibraryIoService {
  constructor(private readonly ctx: AppContext) {}

  async export(
    audit: AuditContext,
    selection: { tests?: string; scenarios?: string },
  ): Promise<LibraryDocument> {
    requirePermission(audit.actor, 'library.read');
    return exportDocument(this.ctx.db, this.ctx.clock.now(), {
      tests: splitKeys(selection.tests),
      scenarios: splitKeys(selection.scenarios),
    });
  }

  async import(audit: AuditContext, doc: LibraryDocument): Promise<LibraryImportResult> {
    const actor = requirePermission(audit.actor, 'library.write');
    assertNoDuplicates(doc);
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction(async (tx) => {
      let tests;
      try {
        tests = await upsertTests(
          tx,
          doc.tests.map((t) => {
            const { key, version, source, source_ref, ...fields } = t;
            return { key, version, fields, meta: { source, source_ref } };
          }),
          accountId(actor),
          now,
        );
      } catch (err) {
        if (err instanceof SourceRefTaken) {
          throw validationFailed([
            { path: `body.tests.${err.index}.source_ref`, message: err.message },
          ]);
        }
        throw err;
      }
      const keyToId = new Map(doc.tests.map((t, i) => [t.key, tests.ids[i] as string]));
      const scenarios = await upsertScenarios(tx, doc.scenarios, keyToId, accountId(actor), now);
      const count = (xs: readonly string[]) => ({
        created: xs.filter((x) => x === 'created').length,
        updated: xs.filter((x) => x === 'updated').length,
        unchanged: xs.filter((x) => x === 'unchanged').length,
      });
      const result = { tests: count(tests.outcomes), scenarios: count(scenarios.outcomes) };
      const entries: AuditEntry[] = [
        ...tests.audit,
        ...scenarios.audit,
        { action: 'library.imported', targetType: 'system', targetId: null, after: result },
      ];
      await appendAuditMany(tx, this.ctx.clock, audit, entries);
      return result;
    });
  }
}

function assertNoDuplicates(doc: LibraryDocument): void {
  const dup = <T>(xs: readonly T[], path: string, label: string) => {
    const seen = new Set<T>();
    xs.forEach((x, i) => {
      if (x !== null && seen.has(x)) {
        throw validationFailed([
          { path: `body.${path}.${i}`, message: `repeats the ${label} ${String(x)}` },
        ]);
      }
      seen.add(x);
    });
  };
  dup(
    doc.tests.map((t) => t.key),
    'tests',
    'key',
  );
  dup(
    doc.tests.map((t) => (t.source_ref === null ? null : `${t.source}:${t.source_ref}`)),
    'tests',
    'source ref',
  );
  dup(
    doc.scenarios.map((s) => s.key),
    'scenarios',
    'key',
  );
}

/** The document for everything, or for selected keys (a scenario brings its tests along). */
export async function exportDocument(
  db: DbOrTx,
  now: Date,
  sel: { tests?: string[]; scenarios?: string[] },
): Promise<LibraryDocument> {
  const everything = sel.tests === undefined && sel.scenarios === undefined;
  const scenarioRows = everything
    ? await db.select().from(libraryScenarios)
    : sel.scenarios?.length
      ? await db.select().from(libraryScenarios).where(inArray(libraryScenarios.key, sel.scenarios))
      : [];
  const members =
    scenarioRows.length === 0
      ? []
      : await db
          .select({
            scenarioId: libraryScenarioTests.scenarioId,
            testId: libraryScenarioTests.testId,
            key: libraryTests.key,
          })
          .from(libraryScenarioTests)
          .innerJoin(libraryTests, eq(libraryTests.id, libraryScenarioTests.testId))
          .where(
            inArray(
              libraryScenarioTests.scenarioId,
              scenarioRows.map((s) => s.id),
            ),
          )
          .orderBy(asc(libraryScenarioTests.position));
  const testKeys = new Set([...(sel.tests ?? []), ...members.map((m) => m.key)]);
  const testRows = everything
    ? await db.select().from(libraryTests)
    : testKeys.size > 0
      ? await db
          .select()
          .from(libraryTests)
          .where(inArray(libraryTests.key, [...testKeys]))
      : [];
  const missing = (asked: string[] | undefined, found: Set<string>, path: string) => {
    const unknown = (asked ?? []).filter((k) => !found.has(k));
    if (unknown.length > 0) {
      throw validationFailed([
        { path, message: `unknown keys: ${unknown.slice(0, 20).join(', ')}` },
      ]);
    }
  };
  missing(sel.tests, new Set(testRows.map((r) => r.key)), 'query.tests');
  missing(sel.scenarios, new Set(scenarioRows.map((r) => r.key)), 'query.scenarios');
  const scenarios: ExportedScenarioTemplate[] = scenarioRows.map((s) => ({
    key: s.key,
    version: s.version,
    name: s.name,
    description: s.description,
    tags: s.tags,
    test_keys: members.filter((m) => m.scenarioId === s.id).map((m) => m.key),
  }));
  return {
    format: LIBRARY_FORMAT,
    format_version: LIBRARY_FORMAT_VERSION,
    exported_at: now.toISOString(),
    tests: testRows.map(toExported).sort(byKey),
    scenarios: scenarios.sort(byKey),
  };
}
