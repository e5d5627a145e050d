import type { AtomicsFileReport, AtomicsImportResult } from '@metamorph/contract';
import type { AppContext } from '../../context.js';
import { appendAuditMany, type AuditContext, type AuditEntry } from '../../platform/audit/audit.js';
import { accountId } from '../../platform/authz.js';
import type { DbOrTx } from '../../platform/tx.js';
import { resolveAttackTags } from './attack-tags.js';
import { parseAtomicsFile, type ParsedAtomicsFile } from './atomics/parse.js';
import type { AtomicsSourceFile } from './atomics/sources.js';
import { upsertScenarios } from './scenario-upsert.js';
import { upsertTests } from './upsert.js';

export interface AtomicsImportOptions {
  scenarioPerTechnique: boolean;
  /** Files per transaction: a file is always imported whole or not at all. */
  batchFiles?: number;
  onProgress?: (filesDone: number, message: string) => void | Promise<void>;
  signal?: AbortSignal;
}

function emptyReport(p: ParsedAtomicsFile): AtomicsFileReport {
  return {
    file: p.file,
    technique: p.technique,
    status: 'failed',
    imported: 0,
    updated: 0,
    unchanged: 0,
    failed: p.failed,
    errors: [...p.errors],
    warnings: [...p.warnings],
    unknown_attack_ids: [],
  };
}

function statusOf(r: AtomicsFileReport): AtomicsFileReport['status'] {
  if (r.imported > 0) return 'imported';
  if (r.updated > 0) return 'updated';
  if (r.unchanged > 0) return 'unchanged';
  return 'failed';
}

/**
 * Imports Atomic Red Team files: one test template per atomic test keyed by its guid
 * (`art:<guid>`), so a re-import updates in place and unchanged tests write nothing.
 * A malformed file or test is reported and the others still import.
 */
export async function importAtomics(
  ctx: AppContext,
  audit: AuditContext,
  files: AsyncIterable<AtomicsSourceFile>,
  opts: AtomicsImportOptions,
): Promise<AtomicsImportResult> {
  const reports: AtomicsFileReport[] = [];
  const seen = new Map<string, string>(); // key → file that brought it
  let batch: ParsedAtomicsFile[] = [];
  let scenarios = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const parsed = batch;
    batch = [];
    const out = await ctx.db.transaction((tx) => importBatch(tx, ctx, audit, parsed, opts));
    reports.push(...out.reports);
    scenarios += out.scenarios;
    await opts.onProgress?.(reports.length, `imported ${reports.length} files`);
  };
  for await (const source of files) {
    opts.signal?.throwIfAborted();
    const parsed =
      'error' in source
        ? {
            file: source.name,
            technique: null,
            tests: [],
            errors: [source.error],
            warnings: [],
            failed: 0,
          }
        : parseAtomicsFile(source.name, source.content);
    // The same guid in two files: the first file keeps it.
    parsed.tests = parsed.tests.filter((test, i) => {
      const owner = seen.get(test.key);
      if (owner === undefined) {
        seen.set(test.key, parsed.file);
        return true;
      }
      parsed.errors.push(
        `test #${i + 1} "${test.fields.name}": guid ${test.source_ref} already imported from ${owner}`,
      );
      parsed.failed += 1;
      return false;
    });
    batch.push(parsed);
    if (batch.length >= (opts.batchFiles ?? 40)) await flush();
  }
  await flush();
  const sum = (k: 'imported' | 'updated' | 'unchanged' | 'failed') =>
    reports.reduce((n, r) => n + r[k], 0);
  return {
    files: reports,
    totals: {
      files: reports.length,
      failed_files: reports.filter((r) => r.status === 'failed').length,
      imported: sum('imported'),
      updated: sum('updated'),
      unchanged: sum('unchanged'),
      failed: sum('failed'),
      scenarios,
    },
  };
}

async function importBatch(
  tx: DbOrTx,
  ctx: AppContext,
  audit: AuditContext,
  parsed: ParsedAtomicsFile[],
  opts: AtomicsImportOptions,
): Promise<{ reports: AtomicsFileReport[]; scenarios: number }> {
  const now = ctx.clock.now();
  const items = parsed.flatMap((p) =>
    p.tests.map((test) => ({
      key: test.key,
      fields: test.fields,
      meta: { source: 'atomic-red-team' as const, source_ref: test.source_ref },
    })),
  );
  const result = await upsertTests(tx, items, accountId(audit.actor), now);
  const tags = await resolveAttackTags(
    tx,
    items.flatMap((i) => i.fields.attack_ids),
  );
  const reports: AtomicsFileReport[] = [];
  const keyToId = new Map<string, string>();
  let at = 0;
  for (const p of parsed) {
    const report = emptyReport(p);
    const unknown = new Set<string>();
    for (const test of p.tests) {
      const outcome = result.outcomes[at];
      keyToId.set(test.key, result.ids[at] as string);
      at += 1;
      if (outcome === 'created') report.imported += 1;
      else if (outcome === 'updated') report.updated += 1;
      else report.unchanged += 1;
      for (const id of test.fields.attack_ids) if (tags(id).status === 'unknown') unknown.add(id);
    }
    report.unknown_attack_ids = [...unknown].sort();
    report.status = statusOf(report);
    reports.push(report);
  }
  const entries: AuditEntry[] = [...result.audit];
  let scenarios = 0;
  if (opts.scenarioPerTechnique) {
    const docs = parsed
      .filter((p) => p.tests.length > 0 && p.technique)
      .map((p) => ({
        key: `art:scenario:${(p.technique as string).toLowerCase().replace(/[^a-z0-9.]+/g, '-')}`,
        version: 1,
        name: `Atomic Red Team: ${p.technique as string}${nameOf(tags(p.tests[0]?.attack_ids[0] ?? '').name)}`,
        description: `The Atomic Red Team tests of ${p.technique as string}.`,
        tags: ['atomic-red-team'],
        test_keys: p.tests.map((x) => x.key),
      }));
    // Two files of one technique in a batch make one scenario.
    const byKey = new Map<string, (typeof docs)[number]>();
    for (const d of docs) {
      const prev = byKey.get(d.key);
      byKey.set(d.key, prev ? { ...prev, test_keys: [...prev.test_keys, ...d.test_keys] } : d);
    }
    const out = await upsertScenarios(
      tx,
      [...byKey.values()],
      keyToId,
      accountId(audit.actor),
      now,
    );
    entries.push(...out.audit);
    scenarios = byKey.size;
  }
  await appendAuditMany(tx, ctx.clock, audit, entries);
  return { reports, scenarios };
}

const nameOf = (name: string | null) => (name ? ` ${name}` : '');
