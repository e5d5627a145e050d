import { AttackReleaseList, Mission, MissionPlan, ReleaseDiff } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { fixture, importResult, uploadAndRun } from '../attack/test-helpers.js';
import { createTemplate } from '../library/test-library.js';
import { addMember, createClient, createMission } from './test-missions.js';

describe('missions: clone, and ATT&CK release impact on mission tests', () => {
  let t: TestApp;
  let admin: Headers;
  let lead: Headers;
  let outsider: Headers;
  let blueH: Headers;
  let source: Mission;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    importResult(await uploadAndRun(t, admin, fixture('mini-enterprise.json')));
    const l = await createUser(t, { roleKeys: ['purple_lead'] });
    lead = await login(t, l.email, l.password);
    const o = await createUser(t, { roleKeys: ['purple_lead'] });
    outsider = await login(t, o.email, o.password);
    const blue = await createUser(t, { roleKeys: ['blue_analyst'] });
    blueH = await login(t, blue.email, blue.password);
    const client = await createClient(t, lead, 'Umbrella');
    source = await createMission(t, lead, client.id, { name: 'Source', visibility: 'blind' });
    await addMember(t, lead, source.id, blue.id, 'blue');
    const tpl = await createTemplate(t, admin, { name: 'Old transfer', attack_ids: ['T1105'] });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/missions/${source.id}/scenarios`,
      payload: { test_template_ids: [tpl.id] },
      headers: lead,
    });
    expect(res.statusCode).toBe(201);
    await t.app.inject({
      method: 'POST',
      url: `/api/missions/${source.id}/assets`,
      payload: { kind: 'defence_tool', name: 'EDR', layer: 'edr' },
      headers: lead,
    });
  });
  afterAll(() => t.close());

  it('clones the structure in fresh states, linked to the source', async () => {
    const plan = MissionPlan.parse(
      (await t.app.inject({ url: `/api/missions/${source.id}/plan`, headers: lead })).json(),
    );
    const testId = plan.scenarios[0]?.tests[0]?.id;
    await t.app.inject({
      method: 'PATCH',
      url: `/api/missions/${source.id}/tests/${testId}/plan`,
      payload: { planned_on: '2026-12-24' },
      headers: lead,
    });
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/missions/${source.id}/clone`,
          payload: {},
          headers: outsider,
        })
      ).statusCode,
    ).toBe(404);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/missions/${source.id}/clone`,
      payload: { name: 'Retest' },
      headers: lead,
    });
    expect(res.statusCode, res.body).toBe(201);
    const clone = Mission.parse(res.json());
    expect(clone).toMatchObject({
      name: 'Retest',
      status: 'planned',
      source_mission_id: source.id,
      my_role: 'lead',
      test_count: 1,
    });
    const cp = MissionPlan.parse(
      (await t.app.inject({ url: `/api/missions/${clone.id}/plan`, headers: lead })).json(),
    );
    expect(cp.scenarios[0]?.tests[0]).toMatchObject({
      snapshot_name: 'Old transfer',
      planned_on: null,
      state: 'pending',
      version: 1,
    });
    expect(cp.scenarios[0]?.tests[0]?.mitre_tags.map((x) => x.external_id)).toEqual(['T1105']);
    const assets = (
      await t.app.inject({ url: `/api/missions/${clone.id}/assets`, headers: lead })
    ).json<{ items: unknown[] }>();
    expect(assets.items).toHaveLength(1);
  });

  it('lists mission tests a newer release touches, for members only', async () => {
    importResult(await uploadAndRun(t, admin, fixture('mini-enterprise-v2.json')));
    const releases = AttackReleaseList.parse(
      (await t.app.inject({ url: '/api/attack/releases', headers: admin })).json(),
    ).items;
    const url = `/api/attack/releases/${releases.find((r) => r.version === '1.0')?.id}/diff/${releases.find((r) => r.version === '2.0')?.id}`;
    const impacts = async (h: Headers) =>
      ReleaseDiff.parse((await t.app.inject({ url, headers: h })).json()).impacts.filter(
        (i) => i.provider === 'missions.tests',
      );
    const mine = await impacts(lead);
    expect(
      mine.map((i) => [
        i.label,
        i.reasons,
        i.mission_id === source.id || i.label.startsWith('Retest'),
      ]),
    ).toEqual([
      ['Retest: Old transfer', ['revoked'], true],
      ['Source: Old transfer', ['revoked'], true],
    ]);
    expect(await impacts(outsider)).toEqual([]);
    // The blue member of the blind source mission does not learn of its hidden test.
    expect(await impacts(blueH)).toEqual([]);
    expect((await impacts(admin)).length).toBe(2);
    // The tests keep their snapshot.
    const plan = MissionPlan.parse(
      (await t.app.inject({ url: `/api/missions/${source.id}/plan`, headers: lead })).json(),
    );
    expect(plan.scenarios[0]?.tests[0]?.mitre_tags[0]).toMatchObject({
      external_id: 'T1105',
      attack_release: '1.0',
    });
  });
});
