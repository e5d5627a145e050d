import { LayerImportResult, MissionAsset, MissionPlan, MissionScenario } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { fixture, importResult, uploadAndRun } from '../attack/test-helpers.js';
import { createTemplate } from '../library/test-library.js';
import { addMember, createClient, createMission } from './test-missions.js';

describe('mission planning: assets, order, assignment, soft delete, ad hoc tests, layers', () => {
  let t: TestApp;
  let lead: Headers;
  let red: TestUser;
  let redH: Headers;
  let outsider: Headers;
  let missionId: string;
  let tplIds: string[];
  beforeAll(async () => {
    t = await createTestApp();
    const admin = await loginAdmin(t);
    importResult(await uploadAndRun(t, admin, fixture('mini-enterprise.json')));
    const l = await createUser(t, { roleKeys: ['purple_lead'] });
    lead = await login(t, l.email, l.password);
    red = await createUser(t, { roleKeys: ['red_operator'] });
    redH = await login(t, red.email, red.password);
    const o = await createUser(t, { roleKeys: ['purple_lead'] });
    outsider = await login(t, o.email, o.password);
    const client = await createClient(t, lead, 'Initech');
    missionId = (await createMission(t, lead, client.id)).id;
    await addMember(t, lead, missionId, red.id, 'red');
    tplIds = [];
    for (const [name, ids] of [
      ['PS one', ['T1059.001']],
      ['Phish', ['T1566.001']],
      ['Obfuscate', ['T1027']],
    ] as const) {
      tplIds.push((await createTemplate(t, admin, { name, attack_ids: [...ids] })).id);
    }
  });
  afterAll(() => t.close());

  const req = (
    h: Headers,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => t.app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });
  const plan = async () =>
    MissionPlan.parse((await req(lead, 'GET', `/api/missions/${missionId}/plan`)).json());
  const m = (p: string) => `/api/missions/${missionId}${p}`;

  it('assets: defence tools carry a layer; members read, leads change, outsiders get 404', async () => {
    const edr = await req(lead, 'POST', m('/assets'), {
      kind: 'defence_tool',
      name: 'CrowdStrike',
      layer: 'edr',
    });
    expect(edr.statusCode, edr.body).toBe(201);
    expect(
      (await req(lead, 'POST', m('/assets'), { kind: 'defence_tool', name: 'No layer' }))
        .statusCode,
    ).toBe(422);
    expect(
      (await req(lead, 'POST', m('/assets'), { kind: 'target', name: 'WS01', layer: 'siem' }))
        .statusCode,
    ).toBe(422);
    await req(lead, 'POST', m('/assets'), { kind: 'defence_tool', name: 'Splunk', layer: 'siem' });
    const splunkFirst = await req(
      lead,
      'PATCH',
      m(`/assets/${MissionAsset.parse(edr.json()).id}`),
      { position: 1 },
    );
    expect(splunkFirst.statusCode, splunkFirst.body).toBe(200);
    const list = (await req(redH, 'GET', m('/assets'))).json<{ items: MissionAsset[] }>();
    expect(list.items.map((a) => a.name)).toEqual(['Splunk', 'CrowdStrike']);
    expect((await req(redH, 'POST', m('/assets'), { kind: 'target', name: 'x' })).statusCode).toBe(
      403,
    );
    expect((await req(outsider, 'GET', m('/assets'))).statusCode).toBe(404);
    expect(
      (await req(lead, 'PATCH', m(`/assets/${list.items[0]?.id}`), { position: 5 })).statusCode,
    ).toBe(422);
  });

  it('reorders scenarios and tests, moves tests between scenarios, refuses out-of-range positions', async () => {
    const a = MissionScenario.parse(
      (await req(lead, 'POST', m('/scenarios'), { test_template_ids: tplIds, name: 'A' })).json(),
    );
    const b = MissionScenario.parse(
      (
        await req(lead, 'POST', m('/scenarios'), { test_template_ids: [tplIds[0]], name: 'B' })
      ).json(),
    );
    expect((await req(lead, 'PATCH', m(`/scenarios/${b.id}`), { position: 0 })).statusCode).toBe(
      200,
    );
    expect((await plan()).scenarios.map((s) => s.name)).toEqual(['B', 'A']);
    const last = a.tests[2]?.id;
    expect((await req(lead, 'PATCH', m(`/tests/${last}/plan`), { position: 0 })).statusCode).toBe(
      200,
    );
    expect((await plan()).scenarios[1]?.tests.map((x) => x.snapshot_name)).toEqual([
      'Obfuscate',
      'PS one',
      'Phish',
    ]);
    const moved = await req(lead, 'PATCH', m(`/tests/${last}/plan`), {
      scenario_id: b.id,
      position: 1,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = await plan();
    expect(after.scenarios[0]?.tests.map((x) => [x.snapshot_name, x.position])).toEqual([
      ['PS one', 0],
      ['Obfuscate', 1],
    ]);
    expect(after.scenarios[1]?.tests.map((x) => [x.snapshot_name, x.position])).toEqual([
      ['PS one', 0],
      ['Phish', 1],
    ]);
    expect((await req(lead, 'PATCH', m(`/scenarios/${a.id}`), { position: 9 })).statusCode).toBe(
      422,
    );
    expect((await req(redH, 'PATCH', m(`/scenarios/${a.id}`), { position: 0 })).statusCode).toBe(
      403,
    );
    expect(
      (await req(outsider, 'PATCH', m(`/tests/${last}/plan`), { position: 0 })).statusCode,
    ).toBe(404);
  });

  it('assigns tests to members only, schedules them, soft-deletes and restores', async () => {
    const s = (await plan()).scenarios[0];
    const test = s?.tests[0];
    const ghost = await req(lead, 'PATCH', m(`/tests/${test?.id}/plan`), { assignee_id: s?.id });
    expect(ghost.statusCode).toBe(422);
    const ok = await req(lead, 'PATCH', m(`/tests/${test?.id}/plan`), {
      assignee_id: red.id,
      planned_on: '2026-12-01',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await plan()).scenarios[0]?.tests[0]).toMatchObject({
      assignee_id: red.id,
      planned_on: '2026-12-01',
      version: 2,
    });
    expect((await req(lead, 'DELETE', m(`/tests/${test?.id}`))).statusCode).toBe(204);
    expect((await plan()).scenarios[0]?.tests.map((x) => x.id)).not.toContain(test?.id);
    expect((await req(lead, 'POST', m(`/tests/${test?.id}/restore`))).statusCode).toBe(200);
    expect((await req(lead, 'DELETE', m(`/scenarios/${s?.id}`))).statusCode).toBe(204);
    expect((await plan()).scenarios.map((x) => x.id)).not.toContain(s?.id);
    expect((await req(lead, 'DELETE', m(`/scenarios/${s?.id}`))).statusCode).toBe(404);
    expect((await req(lead, 'POST', m(`/scenarios/${s?.id}/restore`))).statusCode).toBe(200);
    expect((await plan()).scenarios.at(-1)?.id).toBe(s?.id);
  });

  it('adds ad hoc tests with tag snapshots', async () => {
    const s = (await plan()).scenarios[0];
    const res = await req(lead, 'POST', m('/tests'), {
      scenario_id: s?.id,
      name: 'Custom beacon',
      attack_ids: ['T1059', 'T4242'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const added = MissionPlan.parse(res.json()).scenarios[0]?.tests.at(-1);
    expect(added).toMatchObject({ snapshot_name: 'Custom beacon', template_key: null });
    expect(added?.mitre_tags.map((x) => [x.external_id, x.attack_release])).toEqual([
      ['T1059', '1.0'],
      ['T4242', null],
    ]);
    expect(
      (await req(lead, 'POST', m('/tests'), { scenario_id: missionId, name: 'x' })).statusCode,
    ).toBe(422);
  });

  it('plans from a Navigator layer: library templates where they exist, bare tests elsewhere', async () => {
    const layer = {
      name: 'APT28 plan',
      versions: { layer: '4.5', navigator: '5.1.0' },
      domain: 'enterprise-attack',
      techniques: [
        { techniqueID: 'T1566.001', tactic: 'initial-access', score: 1 },
        { techniqueID: 'T1059', tactic: 'execution' },
        { techniqueID: 'T1500', tactic: 'defense-evasion' },
        { techniqueID: 'T1064', tactic: 'execution' },
        { techniqueID: 'T4242', tactic: 'execution' },
        { techniqueID: 'T1027', tactic: 'defense-evasion', enabled: false },
        { techniqueID: 'nonsense' },
      ],
    };
    const res = await req(lead, 'POST', m('/import/layer'), layer);
    expect(res.statusCode, res.body).toBe(201);
    const r = LayerImportResult.parse(res.json());
    expect(r.scenario.name).toBe('APT28 plan');
    expect(r.scenario.tests.map((x) => x.snapshot_name)).toEqual([
      'Phish',
      'T1059 Command and Scripting Interpreter',
    ]);
    expect(r).toMatchObject({
      from_library: ['T1566.001'],
      bare: ['T1059'],
      unknown: ['T4242'],
      revoked: [{ external_id: 'T1500', revoked_by: 'T1027.004' }],
      deprecated: ['T1064'],
    });
    expect(r.warnings.join(' ')).toMatch(/disabled/);
    expect(r.warnings.join(' ')).toMatch(/techniques\[6\]/);
    for (const bad of [
      { techniques: 'x' },
      { ...layer, domain: 'ics-attack' },
      { techniques: [{ techniqueID: 'T4242' }] },
    ]) {
      expect((await req(lead, 'POST', m('/import/layer'), bad)).statusCode).toBe(422);
    }
    expect((await req(redH, 'POST', m('/import/layer'), layer)).statusCode).toBe(403);
    expect((await req(outsider, 'POST', m('/import/layer'), layer)).statusCode).toBe(404);
  });
});
