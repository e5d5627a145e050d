import { AuditPage, ScenarioTemplate, TestTemplate } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { fixture, importResult, uploadAndRun } from '../attack/test-helpers.js';
import { createTemplate, sampleTest } from './test-library.js';

describe('library: test templates', () => {
  let t: TestApp;
  let admin: Headers;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    importResult(await uploadAndRun(t, admin, fixture('mini-enterprise.json')));
  });
  afterAll(() => t.close());

  const get = async (id: string) => {
    const res = await t.app.inject({ url: `/api/library/tests/${id}`, headers: admin });
    expect(res.statusCode, res.body).toBe(200);
    return TestTemplate.parse(res.json());
  };
  const put = (id: string, body: Record<string, unknown>) =>
    t.app.inject({ method: 'PUT', url: `/api/library/tests/${id}`, payload: body, headers: admin });

  it('creates a template with every field and reads it back with resolved ATT&CK tags', async () => {
    const created = await createTemplate(t, admin, { key: 'manual:encoded-cradle' });
    const got = await get(created.id);
    const { key: _key, ...body } = sampleTest();
    expect(got).toMatchObject({
      ...body,
      key: 'manual:encoded-cradle',
      version: 1,
      source: 'manual',
    });
    expect(got.attack_tags).toEqual([
      {
        kind: 'subtechnique',
        external_id: 'T1059.001',
        name: 'PowerShell',
        url: 'https://attack.mitre.org/techniques/T1059/001',
        status: 'ok',
        revoked_by: null,
      },
      expect.objectContaining({
        kind: 'tactic',
        external_id: 'TA0002',
        name: 'Execution',
        status: 'ok',
      }),
    ]);
    expect(got.flagged).toBe(false);
  });

  it('keeps unknown, revoked and deprecated ids but flags them', async () => {
    const created = await createTemplate(t, admin, {
      attack_ids: ['T1500', 'T1064', 'T1999.001', 'T1059'],
    });
    expect(created.flagged).toBe(true);
    expect(created.attack_tags.map((x) => [x.external_id, x.status, x.revoked_by])).toEqual([
      ['T1500', 'revoked', 'T1027.004'],
      ['T1064', 'deprecated', null],
      ['T1999.001', 'unknown', null],
      ['T1059', 'ok', null],
    ]);
  });

  it('generates a key, and refuses a key that exists (409)', async () => {
    const a = await createTemplate(t, admin, { name: 'Dump LSASS with ProcDump!' });
    expect(a.key).toMatch(/^manual:dump-lsass-with-procdump-[0-9a-f]{6}$/);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/library/tests',
      payload: sampleTest({ key: a.key }),
      headers: admin,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain(a.key);
  });

  it('updates with the version read; a stale version gets 409 and changes nothing', async () => {
    const created = await createTemplate(t, admin);
    const { key: _k, ...body } = sampleTest();
    const ok = await put(created.id, { ...body, name: 'Renamed', version: 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(TestTemplate.parse(ok.json())).toMatchObject({ name: 'Renamed', version: 2 });
    const stale = await put(created.id, { ...body, name: 'Lost update', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'conflict', context: { current_version: 2 } });
    expect((await get(created.id)).name).toBe('Renamed');
    // The same content again is no change: no new version, no audit row.
    const same = await put(created.id, { ...body, name: 'Renamed', version: 2 });
    expect(TestTemplate.parse(same.json()).version).toBe(2);
    const audit = AuditPage.parse(
      (
        await t.app.inject({
          url: `/api/audit?target_id=${created.id}`,
          headers: admin,
        })
      ).json(),
    );
    expect(audit.items.map((e) => e.action).sort()).toEqual([
      'library.test_created',
      'library.test_updated',
    ]);
    const upd = audit.items.find((e) => e.action === 'library.test_updated');
    expect(upd?.before).toEqual({ name: 'Encoded PowerShell download cradle', version: 1 });
    expect(upd?.after).toEqual({ name: 'Renamed', version: 2 });
  });

  it('answers 422 naming the field for bad bodies, and 404 for unknown ids', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/library/tests',
      payload: sampleTest({ attack_ids: ['T59'] }),
      headers: admin,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('attack_ids');
    const badExec = await t.app.inject({
      method: 'POST',
      url: '/api/library/tests',
      payload: { ...sampleTest(), executor: { name: 'cmd.exe', command: 'x' } },
      headers: admin,
    });
    expect(badExec.statusCode).toBe(422);
    expect(badExec.body).toContain('executor.name');
    const missing = await t.app.inject({
      url: '/api/library/tests/00000000-0000-4000-8000-000000000000',
      headers: admin,
    });
    expect(missing.statusCode).toBe(404);
  });

  it('deletes a template: it leaves its scenarios, which get a new version', async () => {
    const a = await createTemplate(t, admin, { name: 'A' });
    const b = await createTemplate(t, admin, { name: 'B' });
    const sc = await t.app.inject({
      method: 'POST',
      url: '/api/library/scenarios',
      payload: { name: 'Two tests', test_ids: [a.id, b.id] },
      headers: admin,
    });
    expect(sc.statusCode, sc.body).toBe(201);
    const scenario = ScenarioTemplate.parse(sc.json());
    const stale = await t.app.inject({
      method: 'DELETE',
      url: `/api/library/tests/${a.id}?version=7`,
      headers: admin,
    });
    expect(stale.statusCode).toBe(409);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/library/tests/${a.id}?version=1`,
      headers: admin,
    });
    expect(del.statusCode).toBe(204);
    const after = ScenarioTemplate.parse(
      (await t.app.inject({ url: `/api/library/scenarios/${scenario.id}`, headers: admin })).json(),
    );
    expect(after.tests.map((x) => x.id)).toEqual([b.id]);
    expect(after.version).toBe(2);
  });
});
