import {
  AttackReleaseList,
  AuditPage,
  FromGroupResult,
  ReleaseDiff,
  RemapAttackResult,
  TestTemplate,
} from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { fixture, importResult, uploadAndRun } from '../attack/test-helpers.js';
import { createTemplate } from './test-library.js';

describe('library: scenario from a threat group, release impact, remap', () => {
  let t: TestApp;
  let admin: Headers;
  let viewer: Headers;
  let powershell: TestTemplate;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    const v = await createUser(t, { roleKeys: ['viewer'] });
    viewer = await login(t, v.email, v.password);
    importResult(await uploadAndRun(t, admin, fixture('mini-enterprise.json')));
    powershell = await createTemplate(t, admin, { name: 'PS cradle', attack_ids: ['T1059.001'] });
  });
  afterAll(() => t.close());

  const fromGroup = (body: object, h: Headers = admin) =>
    t.app.inject({
      method: 'POST',
      url: '/api/library/scenarios/from-group',
      payload: body,
      headers: h,
    });

  it('previews the plan in kill-chain order and writes nothing', async () => {
    const res = await fromGroup({ group_id: 'G0007', preview: true }, viewer);
    expect(res.statusCode, res.body).toBe(200);
    const plan = FromGroupResult.parse(res.json());
    expect(plan.group).toEqual({ external_id: 'G0007', name: 'APT28' });
    expect(plan.scenario).toBeNull();
    expect(
      plan.techniques.map((x) => [x.external_id, x.action, x.candidates.map((c) => c.id)]),
    ).toEqual([
      ['T1566.001', 'create', []],
      ['T1059.001', 'reuse', [powershell.id]],
    ]);
    const list = await t.app.inject({ url: '/api/library/scenarios', headers: admin });
    expect(list.json().items).toEqual([]);
  });

  it('creates the scenario with reused and bare templates; a second run reuses the bare one', async () => {
    expect((await fromGroup({ group_id: 'G0007' }, viewer)).statusCode).toBe(403);
    const first = FromGroupResult.parse((await fromGroup({ group_id: 'G0007' })).json());
    expect(first.created_tests).toBe(1);
    expect(first.scenario?.name).toBe('APT28 (G0007) emulation');
    expect(first.scenario?.tests.map((x) => x.key)).toEqual(['bare:t1566.001', powershell.key]);
    const again = FromGroupResult.parse(
      (await fromGroup({ group_id: 'G0007', name: 'APT28 again' })).json(),
    );
    expect(again.created_tests).toBe(0);
    expect(again.scenario?.tests.map((x) => x.key)).toEqual(['bare:t1566.001', powershell.key]);
  });

  it('follows the choices: skip a technique, pick templates', async () => {
    const other = await createTemplate(t, admin, { name: 'Other', attack_ids: ['T1204'] });
    const res = FromGroupResult.parse(
      (
        await fromGroup({
          group_id: 'G0007',
          choices: { 'T1566.001': [], 'T1059.001': [other.id, powershell.id] },
        })
      ).json(),
    );
    expect(res.scenario?.tests.map((x) => x.id)).toEqual([other.id, powershell.id]);
  });

  it('refuses unknown groups, foreign techniques and unknown templates', async () => {
    expect((await fromGroup({ group_id: 'G9999' })).statusCode).toBe(404);
    expect((await fromGroup({ group_id: 'APT28' })).statusCode).toBe(422);
    const foreign = await fromGroup({ group_id: 'G0007', choices: { T1027: [] } });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.body).toContain('not a technique this group uses');
    const ghost = await fromGroup({
      group_id: 'G0007',
      choices: { 'T1059.001': ['00000000-0000-4000-8000-000000000000'] },
    });
    expect(ghost.statusCode).toBe(422);
  });

  it('lists touched templates in the release diff and remaps a revoked technique', async () => {
    const legacy = await createTemplate(t, admin, {
      name: 'Legacy transfer',
      attack_ids: ['T1105', 'T1059'],
    });
    importResult(await uploadAndRun(t, admin, fixture('mini-enterprise-v2.json')));
    const releases = AttackReleaseList.parse(
      (await t.app.inject({ url: '/api/attack/releases', headers: admin })).json(),
    ).items;
    const v1 = releases.find((r) => r.version === '1.0');
    const v2 = releases.find((r) => r.version === '2.0');
    const diff = ReleaseDiff.parse(
      (
        await t.app.inject({
          url: `/api/attack/releases/${v1?.id}/diff/${v2?.id}`,
          headers: admin,
        })
      ).json(),
    );
    const impact = diff.impacts.find((i) => i.id === legacy.id);
    expect(impact).toMatchObject({
      provider: 'library.test_templates',
      kind: 'test_template',
      external_ids: ['T1105'],
      reasons: ['revoked'],
    });
    // A user without library.read sees no library impacts.
    const noRole = await createUser(t, {});
    const h = await login(t, noRole.email, noRole.password);
    const hidden = ReleaseDiff.parse(
      (
        await t.app.inject({
          url: `/api/attack/releases/${v1?.id}/diff/${v2?.id}`,
          headers: h,
        })
      ).json(),
    );
    expect(hidden.impacts.filter((i) => i.provider === 'library.test_templates')).toEqual([]);

    const remap = (body: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/library/remap-attack',
        payload: body,
        headers: admin,
      });
    expect((await remap({ from: 'T1059' })).statusCode).toBe(422);
    expect((await remap({ from: 'T1105', to: 'T1500' })).body).toContain('revoked');
    const res = await remap({ from: 'T1105' });
    expect(res.statusCode, res.body).toBe(200);
    expect(RemapAttackResult.parse(res.json())).toEqual({
      from: 'T1105',
      to: 'T1059',
      templates: [{ id: legacy.id, key: legacy.key, name: 'Legacy transfer' }],
    });
    const after = TestTemplate.parse(
      (await t.app.inject({ url: `/api/library/tests/${legacy.id}`, headers: admin })).json(),
    );
    // T1059 was already there: the tag merges instead of repeating.
    expect(after).toMatchObject({ attack_ids: ['T1059'], version: 2, flagged: false });
    const audit = AuditPage.parse(
      (
        await t.app.inject({
          url: `/api/audit?action=library.test_attack_remapped`,
          headers: admin,
        })
      ).json(),
    );
    expect(audit.items[0]).toMatchObject({
      target_id: legacy.id,
      before: { attack_ids: ['T1105', 'T1059'], version: 1 },
      after: { attack_ids: ['T1059'], version: 2 },
    });
  });
});
