import type { ScenarioTemplate } from '@metamorph/contract';
import { LibraryDocument, LibraryImportResult } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { createTemplate } from './test-library.js';

describe('library export/import', () => {
  let a: TestApp;
  let b: TestApp;
  let adminA: Headers;
  let adminB: Headers;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestApp(), createTestApp()]);
    [adminA, adminB] = await Promise.all([loginAdmin(a), loginAdmin(b)]);
    const x = await createTemplate(a, adminA, { key: 'manual:x', name: 'X' });
    const y = await createTemplate(a, adminA, {
      key: 'manual:y',
      name: 'Y — ünïcödé & <b>markup</b>',
      description: null,
      executor: {
        name: 'manual',
        command: null,
        cleanup_command: null,
        steps_md: '1. do\n2. undo',
        elevation_required: true,
      },
      input_arguments: [],
      expected_outcomes: [],
    });
    const z = await createTemplate(a, adminA, { key: 'manual:z', name: 'Z' });
    // Edited twice: version 3 must survive the trip.
    for (const [version, name] of [
      [1, 'Z1'],
      [2, 'Z2'],
    ] as const) {
      const res = await a.app.inject({
        method: 'PUT',
        url: `/api/library/tests/${z.id}`,
        payload: { ...(await getTest(a, adminA, z.id)), name, version },
        headers: adminA,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    for (const [key, ids] of [
      ['scenario:one', [y.id, x.id]],
      ['scenario:two', [z.id]],
    ] as const) {
      const res = await a.app.inject({
        method: 'POST',
        url: '/api/library/scenarios',
        payload: { key, name: key, description: 'd', tags: ['t'], test_ids: ids },
        headers: adminA,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  async function getTest(t: TestApp, h: Headers, id: string) {
    const body = (await t.app.inject({ url: `/api/library/tests/${id}`, headers: h })).json<
      Record<string, unknown>
    >();
    for (const k of [
      'id',
      'key',
      'version',
      'attack_tags',
      'flagged',
      'source',
      'source_ref',
      'created_at',
      'updated_at',
    ])
      delete body[k];
    return body;
  }
  const exportDoc = async (t: TestApp, h: Headers, qs = '') => {
    const res = await t.app.inject({ url: `/api/library/export${qs}`, headers: h });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="metamorph-library-/);
    return LibraryDocument.parse(res.json());
  };
  const importDoc = (t: TestApp, h: Headers, doc: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/api/library/import',
      payload: doc as object,
      headers: h,
    });
  const withoutTime = (d: LibraryDocument) => ({ ...d, exported_at: null });

  it('round-trips losslessly into an empty instance, and a second import changes nothing', async () => {
    const first = await exportDoc(a, adminA);
    expect(first.tests.map((t) => [t.key, t.version])).toEqual([
      ['manual:x', 1],
      ['manual:y', 1],
      ['manual:z', 3],
    ]);
    expect(first.scenarios[0]?.test_keys).toEqual(['manual:y', 'manual:x']);
    const res = await importDoc(b, adminB, first);
    expect(res.statusCode, res.body).toBe(200);
    expect(LibraryImportResult.parse(res.json())).toEqual({
      tests: { created: 3, updated: 0, unchanged: 0 },
      scenarios: { created: 2, updated: 0, unchanged: 0 },
    });
    expect(withoutTime(await exportDoc(b, adminB))).toEqual(withoutTime(first));
    const again = await importDoc(b, adminB, first);
    expect(again.json()).toEqual({
      tests: { created: 0, updated: 0, unchanged: 3 },
      scenarios: { created: 0, updated: 0, unchanged: 2 },
    });
  });

  it('exports a selection: a scenario brings its tests', async () => {
    const doc = await exportDoc(a, adminA, '?scenarios=scenario:two');
    expect(doc.scenarios.map((s) => s.key)).toEqual(['scenario:two']);
    expect(doc.tests.map((t) => t.key)).toEqual(['manual:z']);
    const unknown = await a.app.inject({
      url: '/api/library/export?tests=manual:nope',
      headers: adminA,
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('manual:nope');
  });

  it('updates by key: changed content gets a new version, scenarios re-ordered', async () => {
    const doc = await exportDoc(a, adminA);
    const edited = {
      ...doc,
      tests: doc.tests.map((t) => (t.key === 'manual:x' ? { ...t, name: 'X edited' } : t)),
      scenarios: doc.scenarios.map((s) =>
        s.key === 'scenario:one' ? { ...s, test_keys: ['manual:x', 'manual:y'] } : s,
      ),
    };
    const res = await importDoc(b, adminB, edited);
    expect(res.json()).toEqual({
      tests: { created: 0, updated: 1, unchanged: 2 },
      scenarios: { created: 0, updated: 1, unchanged: 1 },
    });
    const after = await exportDoc(b, adminB);
    expect(after.tests.find((t) => t.key === 'manual:x')).toMatchObject({
      name: 'X edited',
      version: 2,
    });
    expect(after.scenarios.find((s) => s.key === 'scenario:one')?.test_keys).toEqual([
      'manual:x',
      'manual:y',
    ]);
  });

  it('refuses bad documents with 422 naming the problem and changes nothing', async () => {
    const before = await exportDoc(b, adminB);
    const doc = await exportDoc(a, adminA);
    const cases: Array<[unknown, RegExp]> = [
      [{ ...doc, format_version: 2 }, /format_version/],
      [{ ...doc, format: 'vectr' }, /format/],
      [
        { ...doc, tests: [...doc.tests, { ...doc.tests[0], name: 'dup' }] },
        /body\.tests\.3.*repeats the key/,
      ],
      [
        {
          ...doc,
          tests: [{ ...doc.tests[0], name: 'Changed but' }],
          scenarios: [{ ...doc.scenarios[0], test_keys: ['manual:ghost'] }],
        },
        /scenarios\.0\.test_keys\.0.*manual:ghost/,
      ],
      [{ ...doc, tests: [{ ...doc.tests[0], attack_ids: ['X1'] }] }, /attack_ids/],
    ];
    for (const [body, message] of cases) {
      const res = await importDoc(b, adminB, body);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.body).toMatch(message);
    }
    expect(withoutTime(await exportDoc(b, adminB))).toEqual(withoutTime(before));
    const scenarios = (
      await b.app.inject({ url: '/api/library/scenarios', headers: adminB })
    ).json<{ items: ScenarioTemplate[] }>();
    expect(scenarios.items).toHaveLength(2);
  });
});
