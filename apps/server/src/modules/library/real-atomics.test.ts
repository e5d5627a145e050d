import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Job } from '@metamorph/contract';
import { AtomicsImportResult, TestTemplatePage } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { cliAuditContext } from '../../cli/app-context.js';
import { REPO_ROOT, runJob } from '../attack/test-helpers.js';
import { startAtomicsImport } from './atomics.routes.js';

const base = process.env.METAMORPH_SHARED_DATA ?? path.resolve(REPO_ROOT, '../shared/data');
const ATOMICS = path.join(base, 'atomic-red-team', 'atomics');
const present = existsSync(ATOMICS);
if (!present) {
  console.warn(`[test] skipping the real Atomic Red Team import: ${ATOMICS} is absent`);
}

describe.skipIf(!present)('library: the real Atomic Red Team tree, as the CLI imports it', () => {
  let t: TestApp;
  let admin: Headers;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
  });
  afterAll(() => t.close());

  async function run(): Promise<AtomicsImportResult> {
    const row = await startAtomicsImport(t.ctx, cliAuditContext(), {
      path: ATOMICS,
      scenario_per_technique: false,
      requested_by: 'cli:test',
    });
    const job: Job = await runJob(t, admin, row.id);
    expect(job.status, job.error ?? '').toBe('succeeded');
    return AtomicsImportResult.parse(job.result);
  }

  it('imports every atomic test of the 330 technique files, then re-imports nothing', async () => {
    const first = await run();
    expect(first.totals).toMatchObject({
      files: 330,
      failed_files: 0,
      imported: 1775,
      updated: 0,
      unchanged: 0,
      failed: 0,
    });
    // Without an ATT&CK catalog every id is unknown to it: kept and flagged.
    expect(first.files.every((f) => f.unknown_attack_ids.length > 0)).toBe(true);
    const page = TestTemplatePage.parse(
      (await t.app.inject({ url: '/api/library/tests?limit=1', headers: admin })).json(),
    );
    expect(page.total).toBe(1775);
    expect(page.facets.sources).toEqual([{ value: 'atomic-red-team', count: 1775 }]);
    const second = await run();
    expect(second.totals).toMatchObject({ imported: 0, updated: 0, unchanged: 1775, failed: 0 });
  }, 240_000);
});
