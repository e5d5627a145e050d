import { ArchiveFinding, ArchiveImportReport, type ArchiveManifest } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../../test/auth-helpers.js';
import { createUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { openDatabase, type Database } from '../../db/client.js';
import { migrate } from '../../db/migrate.js';
import {
  archiveWorld,
  downloadArchive,
  manifestOf,
  normalizeManifest,
  runImport,
  unzip,
  type WorldRole,
} from './test-archive.js';

/**
 * Every finding field carries a value in the world (F-1 or F-2), so a field the export drops
 * fails here, and one the import drops fails the manifest comparison.
 */
function expectEveryFindingField(m: ArchiveManifest): void {
  const list = m.findings ?? [];
  expect(list).toHaveLength(3);
  for (const key of Object.keys(ArchiveFinding.shape) as (keyof ArchiveFinding)[]) {
    if (key === 'retest_test_ids') {
      expect(
        list.every((f) => Array.isArray(f.retest_test_ids)),
        key,
      ).toBe(true);
      continue;
    }
    const set = list.some((f) => {
      const v = f[key];
      return v !== null && v !== undefined && (!Array.isArray(v) || v.length > 0);
    });
    expect(set, `findings[].${key} carries a value`).toBe(true);
  }
}

const ROLE_KEYS: Record<WorldRole, string[]> = {
  lead: ['purple_lead'],
  red: ['red_operator'],
  blue: ['blue_analyst'],
  viewer: ['viewer'],
};

/**
 * Builds the full mission on `from`, exports it, imports it on `to` (where the same people
 * exist by email) as its lead, exports it again there: the manifests are equal but for ids and
 * the export time, the evidence bytes identical.
 */
async function roundTrip(from: TestApp, to: TestApp, prefix: string): Promise<void> {
  const w = await archiveWorld(from, prefix);
  const first = await downloadArchive(from, w.h.lead, w.missionId);
  expect(first.statusCode, first.body).toBe(200);
  for (const [role, keys] of Object.entries(ROLE_KEYS) as [WorldRole, string[]][]) {
    await createUser(to, { roleKeys: keys, email: w.users[role].email });
  }
  const lead = await login(to, w.users.lead.email, w.users.lead.password);
  const job = await runImport(to, lead, first.rawPayload);
  expect(job.status, job.error ?? '').toBe('succeeded');
  const report = ArchiveImportReport.parse(job.result);
  expect(report.users.unmapped).toEqual([]);
  expect(report.users.mapped.map((u) => u.email).sort()).toEqual(
    Object.values(w.users)
      .map((u) => u.email)
      .sort(),
  );
  expect(report.detection_levels).toEqual({
    mapped: [{ key: 'alerted', label: 'Alerted' }],
    unmapped: [],
  });
  expect(report.importer_added_as_lead).toBe(false);
  expect(report.client).toMatchObject({ name: `Client ${prefix}`, created: true });
  expect(report.counts).toMatchObject({
    scenarios: 2,
    tests: 4,
    assets: 6,
    members: 4,
    tool_results: 2,
    evidence: 4,
    findings: 3,
  });
  expect(report.retest_links).toEqual({
    mission_restored: null,
    tests_restored: 0,
    tests_dropped: 0,
    finding_retests_restored: 0,
    finding_retests_dropped: 0,
  });
  expect(report.mission_id).not.toBe(w.missionId);
  const second = await downloadArchive(to, lead, report.mission_id);
  expect(second.statusCode, second.body).toBe(200);
  const [a, b] = [await manifestOf(first.rawPayload), await manifestOf(second.rawPayload)];
  expect(b.mission.id).not.toBe(a.mission.id);
  expectEveryFindingField(a);
  expect(b.findings?.map((f) => f.id)).not.toEqual(a.findings?.map((f) => f.id));
  expect(b.tests.map((t) => t.id)).not.toEqual(a.tests.map((t) => t.id));
  expect(normalizeManifest(b)).toEqual(normalizeManifest(a));
  const [fa, fb] = [await unzip(first.rawPayload), await unzip(second.rawPayload)];
  fa.delete('manifest.json');
  fb.delete('manifest.json');
  expect(fb.size).toBe(3);
  expect([...fb.keys()].sort()).toEqual([...fa.keys()].sort());
  for (const [name, bytes] of fa) expect(fb.get(name)?.equals(bytes), name).toBe(true);
}

describe('archive round trip', () => {
  let one: TestApp;
  let two: TestApp;
  beforeAll(async () => {
    one = await createTestApp();
    two = await createTestApp();
  });
  afterAll(async () => {
    await one.close();
    await two.close();
  });

  it(`on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}: export → import → export keeps everything`, async () => {
    await roundTrip(one, two, 'same');
  });
});

describe('archive round trip across PGlite and PostgreSQL', () => {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log(
      '[archive] cross-database round trip skipped: TEST_DATABASE_URL is not set (PostgreSQL ↔ PGlite needs a PostgreSQL server)',
    );
  }
  let pg: TestApp;
  let lite: TestApp;
  let liteDb: Database;
  beforeAll(async () => {
    if (!url) return;
    pg = await createTestApp();
    liteDb = await openDatabase({ kind: 'pglite-memory' });
    await migrate(liteDb);
    lite = await createTestApp({ database: liteDb });
  }, 120_000);
  afterAll(async () => {
    if (!url) return;
    await pg.close();
    await lite.close();
    await liteDb.close();
  });

  it.skipIf(!url)('PostgreSQL → PGlite', async () => {
    await roundTrip(pg, lite, 'pg2lite');
  });
  it.skipIf(!url)('PGlite → PostgreSQL', async () => {
    await roundTrip(lite, pg, 'lite2pg');
  });
});
