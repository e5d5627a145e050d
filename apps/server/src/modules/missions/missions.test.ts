import {
  Mission,
  MissionPage,
  MissionPlan,
  MissionScenario,
  TestTemplateFields,
} from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { fixture, importResult, uploadAndRun } from '../attack/test-helpers.js';
import { createTemplate } from '../library/test-library.js';
import { addMember, createClient, createMission } from './test-missions.js';

describe('missions: visibility, lifecycle, members, snapshot', () => {
  let t: TestApp;
  let admin: Headers;
  let lead: Headers;
  let otherLead: Headers;
  let both: TestUser; // red_operator + blue_analyst globally
  let bothH: Headers;
  let clientId: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    importResult(await uploadAndRun(t, admin, fixture('mini-enterprise.json')));
    const l = await createUser(t, { roleKeys: ['purple_lead'] });
    lead = await login(t, l.email, l.password);
    const o = await createUser(t, { roleKeys: ['purple_lead'] });
    otherLead = await login(t, o.email, o.password);
    both = await createUser(t, { roleKeys: ['red_operator', 'blue_analyst'] });
    bothH = await login(t, both.email, both.password);
    clientId = (await createClient(t, lead, 'ACME Bank')).id;
  });
  afterAll(() => t.close());

  const req = (
    h: Headers,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => t.app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });

  it('the creator leads the mission; non-members get 404 everywhere, admins see it', async () => {
    const m = await createMission(t, lead, clientId);
    expect(m).toMatchObject({
      status: 'planned',
      my_role: 'lead',
      can_manage: true,
      client: { name: 'ACME Bank' },
    });
    for (const [method, url, body] of [
      ['GET', `/api/missions/${m.id}`],
      ['PATCH', `/api/missions/${m.id}`, { name: 'x' }],
      ['DELETE', `/api/missions/${m.id}`],
      ['GET', `/api/missions/${m.id}/members`],
      ['POST', `/api/missions/${m.id}/members`, { user_id: both.id, role: 'red' }],
      ['GET', `/api/missions/${m.id}/plan`],
      ['POST', `/api/missions/${m.id}/scenarios`, { test_template_ids: [m.id] }],
    ] as const) {
      const res = await req(otherLead, method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().detail).toBe('Mission not found');
    }
    const asAdmin = Mission.parse((await req(admin, 'GET', `/api/missions/${m.id}`)).json());
    expect(asAdmin).toMatchObject({ my_role: null, can_manage: true });
    const list = MissionPage.parse((await req(otherLead, 'GET', '/api/missions')).json());
    expect(list.items.map((x) => x.id)).not.toContain(m.id);
  });

  it('follows the status machine and refuses other transitions with 409', async () => {
    const m = await createMission(t, lead, clientId, {
      name: 'Lifecycle',
      tags: ['q4'],
      start_date: '2026-12-01',
      end_date: '2026-12-12',
      description_md: 'Scope',
      visibility: 'blind',
    });
    const patch = (body: object) => req(lead, 'PATCH', `/api/missions/${m.id}`, body);
    const bad = await patch({ status: 'completed' });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().detail).toBe('A mission cannot go from planned to completed');
    for (const status of ['active', 'completed', 'active', 'completed', 'archived']) {
      const res = await patch({ status });
      expect(res.statusCode, `${status}: ${res.body}`).toBe(200);
    }
    expect((await patch({ status: 'active' })).statusCode).toBe(409);
    // A status change leaves every field it does not name as it was.
    const kept = Mission.parse((await req(lead, 'GET', `/api/missions/${m.id}`)).json());
    expect(kept).toMatchObject({
      status: 'archived',
      tags: ['q4'],
      start_date: '2026-12-01',
      end_date: '2026-12-12',
      description_md: 'Scope',
      visibility: 'blind',
    });
    const stale = await patch({ name: 'Renamed', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect((await patch({ end_date: '2020-01-01', start_date: '2020-02-01' })).statusCode).toBe(
      422,
    );
  });

  it('members: roles cap write sides per mission; a member who is not lead gets 403 on changes', async () => {
    const a = await createMission(t, lead, clientId, { name: 'A' });
    const b = await createMission(t, lead, clientId, { name: 'B' });
    await addMember(t, lead, a.id, both.id, 'red');
    await addMember(t, lead, b.id, both.id, 'blue');
    const inA = Mission.parse((await req(bothH, 'GET', `/api/missions/${a.id}`)).json());
    const inB = Mission.parse((await req(bothH, 'GET', `/api/missions/${b.id}`)).json());
    expect(inA).toMatchObject({
      my_role: 'red',
      sides: { red: true, blue: false },
      can_manage: false,
    });
    expect(inB).toMatchObject({
      my_role: 'blue',
      sides: { red: false, blue: true },
      can_manage: false,
    });
    expect((await req(bothH, 'PATCH', `/api/missions/${a.id}`, { name: 'mine' })).statusCode).toBe(
      403,
    );
    expect((await req(bothH, 'GET', `/api/missions/${a.id}/members`)).statusCode).toBe(200);
    const dup = await req(lead, 'POST', `/api/missions/${a.id}/members`, {
      user_id: both.id,
      role: 'blue',
    });
    expect(dup.statusCode).toBe(409);
    const ghost = await req(lead, 'POST', `/api/missions/${a.id}/members`, {
      user_id: a.id,
      role: 'red',
    });
    expect(ghost.statusCode).toBe(422);
    const badRole = await req(lead, 'POST', `/api/missions/${a.id}/members`, {
      user_id: both.id,
      role: 'boss',
    });
    expect(badRole.statusCode).toBe(422);
    const cands = (
      await req(lead, 'GET', `/api/missions/${a.id}/member-candidates?q=${both.email.slice(0, 12)}`)
    ).json<{ items: Array<{ id: string }> }>();
    expect(cands.items.map((c) => c.id)).toEqual([]); // already a member
    const others = (await req(lead, 'GET', `/api/missions/${b.id}/member-candidates`)).json<{
      items: Array<{ id: string }>;
    }>();
    expect(others.items.map((c) => c.id)).not.toContain(both.id);
    expect(others.items.length).toBeGreaterThan(0);
    expect((await req(bothH, 'GET', `/api/missions/${a.id}/member-candidates`)).statusCode).toBe(
      403,
    );
    const me = Mission.parse((await req(lead, 'GET', `/api/missions/${a.id}`)).json());
    expect(me.my_role).toBe('lead');
    const leadId = (await req(lead, 'GET', '/api/auth/me')).json<{ id: string }>().id;
    const lastLead = await req(lead, 'DELETE', `/api/missions/${a.id}/members/${leadId}`);
    expect(lastLead.statusCode).toBe(409);
    expect((await req(lead, 'DELETE', `/api/missions/${a.id}/members/${both.id}`)).statusCode).toBe(
      204,
    );
    expect((await req(bothH, 'GET', `/api/missions/${a.id}`)).statusCode).toBe(404);
  });

  it('snapshots templates: later template edits change nothing in the mission', async () => {
    const m = await createMission(t, lead, clientId, { name: 'Snapshot' });
    const tpl = await createTemplate(t, admin, {
      name: 'Original',
      attack_ids: ['T1059.001', 'T1999'],
    });
    const res = await req(lead, 'POST', `/api/missions/${m.id}/scenarios`, {
      test_template_ids: [tpl.id],
      name: 'Day 1',
    });
    expect(res.statusCode, res.body).toBe(201);
    const scenario = MissionScenario.parse(res.json());
    expect(scenario.tests[0]).toMatchObject({
      snapshot_name: 'Original',
      state: 'pending',
      template_key: tpl.key,
      template_version: 1,
      mitre_tags: [
        {
          kind: 'subtechnique',
          external_id: 'T1059.001',
          name: 'PowerShell',
          attack_release: '1.0',
          tactics: [{ external_id: 'TA0002', shortname: 'execution', name: 'Execution' }],
        },
        {
          kind: 'technique',
          external_id: 'T1999',
          name: null,
          attack_release: null,
          tactics: [],
        },
      ],
    });
    // A PUT body holds the editable fields only (unknown keys are refused).
    const fields = TestTemplateFields.keyof().options;
    const rest = Object.fromEntries(fields.map((k) => [k, tpl[k]]));
    const edit = await req(admin, 'PUT', `/api/library/tests/${tpl.id}`, {
      ...rest,
      name: 'Edited',
      attack_ids: ['T1566'],
      version: 1,
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const plan = MissionPlan.parse((await req(lead, 'GET', `/api/missions/${m.id}/plan`)).json());
    expect(plan.scenarios[0]?.tests[0]).toMatchObject({
      snapshot_name: 'Original',
      template_version: 1,
    });
    expect(plan.scenarios[0]?.tests[0]?.mitre_tags.map((x) => x.external_id)).toEqual([
      'T1059.001',
      'T1999',
    ]);
    const ghost = await req(lead, 'POST', `/api/missions/${m.id}/scenarios`, {
      test_template_ids: [tpl.id, m.id],
    });
    expect(ghost.statusCode).toBe(422);
    expect(ghost.body).toContain('test_template_ids.1');
    const after = MissionPlan.parse((await req(lead, 'GET', `/api/missions/${m.id}/plan`)).json());
    expect(after.scenarios).toHaveLength(1);
  });

  it('blind missions hide their tests from blue-only members', async () => {
    const m = await createMission(t, lead, clientId, { name: 'Blind', visibility: 'blind' });
    const tpl = await createTemplate(t, admin, { name: 'Hidden step' });
    await req(lead, 'POST', `/api/missions/${m.id}/scenarios`, { test_template_ids: [tpl.id] });
    await addMember(t, lead, m.id, both.id, 'blue');
    const blue = MissionPlan.parse((await req(bothH, 'GET', `/api/missions/${m.id}/plan`)).json());
    expect(blue.scenarios[0]?.tests).toEqual([]);
    const leadView = MissionPlan.parse(
      (await req(lead, 'GET', `/api/missions/${m.id}/plan`)).json(),
    );
    expect(leadView.scenarios[0]?.tests[0]).toMatchObject({ hidden_from_blue: true });
  });

  it('soft delete hides a mission; only admins list and restore it', async () => {
    const m = await createMission(t, lead, clientId, { name: 'Doomed' });
    expect((await req(lead, 'DELETE', `/api/missions/${m.id}`)).statusCode).toBe(204);
    expect((await req(lead, 'GET', `/api/missions/${m.id}`)).statusCode).toBe(404);
    expect((await req(lead, 'POST', `/api/missions/${m.id}/restore`)).statusCode).toBe(404);
    const all = MissionPage.parse(
      (await req(admin, 'GET', '/api/missions?include_deleted=true&limit=200')).json(),
    );
    expect(all.items.find((x) => x.id === m.id)?.deleted_at).not.toBeNull();
    const restored = await req(admin, 'POST', `/api/missions/${m.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect((await req(lead, 'GET', `/api/missions/${m.id}`)).statusCode).toBe(200);
  });

  it('lists with filters and cursor paging', async () => {
    const other = await createClient(t, lead, 'Globex');
    await createMission(t, lead, other.id, { name: 'Globex red team', tags: ['cloud'] });
    const byClient = MissionPage.parse(
      (await req(lead, 'GET', `/api/missions?client_id=${other.id}`)).json(),
    );
    expect(byClient.items.map((x) => x.name)).toEqual(['Globex red team']);
    expect(
      MissionPage.parse((await req(lead, 'GET', '/api/missions?tag=CLOUD')).json()).items,
    ).toHaveLength(1);
    expect(
      MissionPage.parse((await req(lead, 'GET', '/api/missions?q=globex')).json()).items,
    ).toHaveLength(1);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page: { items: Array<{ id: string }>; next_cursor: string | null } = MissionPage.parse(
        (await req(lead, 'GET', `/api/missions?limit=2${qs}`)).json(),
      );
      seen.push(...page.items.map((x) => x.id));
      cursor = page.next_cursor;
    } while (cursor);
    const all = MissionPage.parse((await req(lead, 'GET', '/api/missions?limit=200')).json());
    expect(seen).toEqual(all.items.map((x) => x.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('documents the plan answer in the OpenAPI document (its serialiser skips re-validation)', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>();
    expect(doc.paths['/api/missions/{id}/plan']?.get?.responses['200']).toBeDefined();
  });
});
