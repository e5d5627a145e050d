import { AuditPage, ScenarioTemplatePage, TestTemplatePage } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { fixture, importResult, uploadAndRun } from '../attack/test-helpers.js';
import { parseAtomicsFile } from './atomics/parse.js';
import { buildZip } from './atomics/test-zip.js';
import { atomicsFixture, importAtomicsThroughApi, postAtomics } from './test-atomics.js';

const GOOD = ['T9001.yaml', 'T9002.yaml', 'T9003-mixed.yaml', 'T1690.yaml'];
const BAD = ['alias-bomb.yaml', 'latin1.yaml', 'list.yaml', 'bad-technique.yaml'];
const part = (name: string) => ({ name, content: atomicsFixture(name) });
const expectedTests = (names: string[]) =>
  names.reduce((n, f) => n + parseAtomicsFile(f, atomicsFixture(f)).tests.length, 0);

describe('library: Atomic Red Team import through the API', () => {
  let t: TestApp;
  let admin: Headers;
  beforeAll(async () => {
    t = await createTestApp({ env: { LIBRARY_UPLOAD_MAX_BYTES: String(256 * 1024) } });
    admin = await loginAdmin(t);
    importResult(await uploadAndRun(t, admin, fixture('mini-enterprise.json')));
  });
  afterAll(() => t.close());

  const list = async (qs = '') =>
    TestTemplatePage.parse(
      (await t.app.inject({ url: `/api/library/tests?limit=200&${qs}`, headers: admin })).json(),
    );

  it('imports good files, reports bad ones per file, and keeps going', async () => {
    const report = await importAtomicsThroughApi(t, admin, [...GOOD, ...BAD].map(part));
    const byFile = new Map(report.files.map((f) => [f.file, f]));
    for (const name of GOOD) expect(byFile.get(name)?.status, name).toBe('imported');
    for (const name of BAD) {
      expect(byFile.get(name)?.status, name).toBe('failed');
      expect(byFile.get(name)?.errors.length, name).toBeGreaterThan(0);
    }
    expect(byFile.get('alias-bomb.yaml')?.errors.join(' ')).toMatch(/alias/i);
    expect(byFile.get('latin1.yaml')?.errors.join(' ')).toMatch(/UTF-8/);
    // The mixed file: its good tests imported, its bad ones reported.
    const mixed = byFile.get('T9003-mixed.yaml');
    expect(mixed?.failed).toBeGreaterThan(0);
    expect(mixed?.imported).toBe(expectedTests(['T9003-mixed.yaml']));
    expect(mixed?.warnings.join(' ')).toMatch(/not a known type; taken as string/);
    expect(report.totals.imported).toBe(expectedTests(GOOD));
    // Ids the catalog does not know are kept and flagged, not dropped.
    expect(byFile.get('T9001.yaml')?.unknown_attack_ids).toEqual(['T9001']);
    const page = await list('source=atomic-red-team');
    expect(page.total).toBe(report.totals.imported);
    expect(page.items.every((i) => i.key.startsWith('art:') && i.source_ref)).toBe(true);
    expect((await list('technique=T9001')).items.every((i) => i.flagged)).toBe(true);
    // Uploads are only the job's input.
    for (const name of GOOD) {
      const { createHash } = await import('node:crypto');
      const sha = createHash('sha256').update(atomicsFixture(name)).digest('hex');
      expect(await t.blobs.has(sha)).toBe(false);
    }
  });

  it('re-imports unchanged tests without writing; a changed test is updated in place', async () => {
    const before = (await list()).total;
    const again = await importAtomicsThroughApi(t, admin, GOOD.map(part));
    expect(again.totals).toMatchObject({ imported: 0, updated: 0, unchanged: expectedTests(GOOD) });
    expect(again.files.every((f) => f.status === 'unchanged')).toBe(true);
    const edited = atomicsFixture('T9002.yaml')
      .toString('utf8')
      .replace(/^(\s+- name: )(.*)$/m, '$1$2 (v2)');
    const upd = await importAtomicsThroughApi(t, admin, [
      { name: 'T9002.yaml', content: Buffer.from(edited) },
    ]);
    expect(upd.totals).toMatchObject({ imported: 0, updated: 1 });
    expect((await list()).total).toBe(before);
    const audit = AuditPage.parse(
      (await t.app.inject({ url: '/api/audit?action=library.imported', headers: admin })).json(),
    );
    expect(audit.items.length).toBeGreaterThanOrEqual(3);
  });

  it('reads zips in memory: a zip-slip entry is refused and the rest imported', async () => {
    const zip = buildZip([
      { name: 'atomics/T9002/T9002.yaml', data: atomicsFixture('T9002.yaml') },
      { name: '../evil.yaml', data: atomicsFixture('T9001.yaml') },
      { name: 'atomics/Indexes/index.yaml', data: Buffer.from('x: 1') },
    ]);
    const report = await importAtomicsThroughApi(
      t,
      admin,
      [{ name: 'atomics.zip', content: zip }],
      {
        scenario_per_technique: 'true',
      },
    );
    expect(report.files.map((f) => f.file)).toEqual([
      'atomics.zip:atomics/T9002/T9002.yaml',
      'atomics.zip:../evil.yaml',
    ]);
    const good = report.files[0];
    expect(good && good.imported + good.updated + good.unchanged).toBe(1);
    const evil = report.files.find((f) => f.file.includes('evil'));
    expect(evil?.status).toBe('failed');
    expect(report.totals.scenarios).toBe(1);
    const scenarios = ScenarioTemplatePage.parse(
      (await t.app.inject({ url: '/api/library/scenarios', headers: admin })).json(),
    );
    expect(scenarios.items.map((s) => s.key)).toEqual(['art:scenario:t9002']);
  });

  it('refuses what is not YAML or a zip, and uploads over the limit, keeping nothing', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const res = await postAtomics(t, admin, [part('T9001.yaml'), { name: 'x.png', content: png }]);
    expect(res.statusCode).toBe(415);
    expect(res.json().detail).toContain('x.png');
    const big = await postAtomics(t, admin, [
      { name: 'huge.yaml', content: Buffer.alloc(300 * 1024, 0x61) },
    ]);
    expect(big.statusCode).toBe(413);
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/library/import/atomics',
      payload: { files: [] },
      headers: admin,
    });
    expect(json.statusCode).toBe(415);
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(atomicsFixture('T9001.yaml')).digest('hex');
    expect(await t.blobs.has(sha)).toBe(false);
  });
});
