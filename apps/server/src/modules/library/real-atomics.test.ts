import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Job } from '@metamorph/contract';
import { AtomicsImportResult, FromGroupResult, TestTemplatePage } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { cliAuditContext } from '../../cli/app-context.js';
import {
  REPO_ROOT,
  importResult,
  runJob,
  sharedBundle,
  uploadAndRun,
} from '../attack/test-helpers.js';
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

  it('builds an APT29 (G0016) scenario from the real catalog, reusing the atomics', async () => {
    const bundle = sharedBundle();
    if (!bundle) {
      console.warn('[test] skipping the G0016 scenario: the ATT&CK bundle is absent');
      return;
    }
    importResult(await uploadAndRun(t, admin, readFileSync(bundle)));
    // The oracle, straight from the bundle: live attack-patterns G0016 uses.
    const objects = (JSON.parse(readFileSync(bundle, 'utf8')) as { objects: Stix[] }).objects;
    const byId = new Map(objects.map((o) => [o.id, o]));
    const group = objects.find(
      (o) => o.type === 'intrusion-set' && o.external_references?.[0]?.external_id === 'G0016',
    );
    const expected = new Set(
      objects
        .filter((o) => o.type === 'relationship' && o.relationship_type === 'uses')
        .filter((o) => o.source_ref === group?.id && !o.revoked && !o.x_mitre_deprecated)
        .map((o) => byId.get(o.target_ref ?? ''))
        .filter(
          (o): o is Stix => o?.type === 'attack-pattern' && !o.revoked && !o.x_mitre_deprecated,
        )
        .map((o) => o.external_references?.[0]?.external_id),
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/library/scenarios/from-group',
      payload: { group_id: 'G0016' },
      headers: admin,
    });
    expect(res.statusCode, res.body).toBe(200);
    const plan = FromGroupResult.parse(res.json());
    expect(plan.group.name).toBe('APT29');
    expect(new Set(plan.techniques.map((x) => x.external_id))).toEqual(expected);
    const reuse = plan.techniques.filter((x) => x.action === 'reuse');
    console.info(
      `[test] G0016: ${plan.techniques.length} live techniques, ${reuse.length} with atomics, ${plan.created_tests} bare templates, ${plan.scenario?.tests.length} steps`,
    );
    expect(reuse.length).toBeGreaterThan(0);
    expect(plan.created_tests).toBe(plan.techniques.length - reuse.length);
    // Every step is in the scenario: the reused atomics and one bare template per other technique.
    const reused = new Set(reuse.flatMap((x) => x.candidates.map((c) => c.id)));
    expect(plan.scenario?.tests.length).toBe(reused.size + plan.created_tests);
  }, 240_000);
});

interface Stix {
  type: string;
  id: string;
  relationship_type?: string;
  source_ref?: string;
  target_ref?: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  external_references?: Array<{ external_id?: string }>;
}
