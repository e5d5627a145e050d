import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { addMember, createClient, createMission } from './test-missions.js';

type Actor = 'anonymous' | 'non_member' | 'viewer' | 'red' | 'blue' | 'purple' | 'lead' | 'admin';
const NOBODY = '00000000-0000-4000-8000-000000000000';

describe('mission routes × actors: 401 → 404 → 403 → 422, non-members always 404', () => {
  let t: TestApp;
  const h = {} as Record<Actor, Headers>;
  let missionId: string;
  beforeAll(async () => {
    t = await createTestApp();
    h.admin = await loginAdmin(t);
    h.anonymous = {};
    const roles: Array<[Actor, string[]]> = [
      ['non_member', ['purple_lead']],
      ['viewer', ['viewer']],
      ['red', ['red_operator']],
      ['blue', ['blue_analyst']],
      ['purple', ['red_operator', 'blue_analyst']],
      ['lead', ['purple_lead']],
    ];
    const ids = {} as Record<Actor, string>;
    for (const [name, roleKeys] of roles) {
      const u = await createUser(t, { roleKeys });
      ids[name] = u.id;
      h[name] = await login(t, u.email, u.password);
    }
    const client = await createClient(t, h.lead, 'Soylent');
    missionId = (await createMission(t, h.lead, client.id)).id;
    for (const role of ['viewer', 'red', 'blue', 'purple'] as const) {
      await addMember(t, h.lead, missionId, ids[role], role);
    }
  });
  afterAll(() => t.close());

  const READ = {
    anonymous: 401,
    non_member: 404,
    viewer: 200,
    red: 200,
    blue: 200,
    purple: 200,
    lead: 200,
    admin: 200,
  };
  const manage = (allowed: number) => ({
    anonymous: 401,
    non_member: 404,
    viewer: 403,
    red: 403,
    blue: 403,
    purple: 403,
    lead: allowed,
    admin: allowed,
  });

  it('every route answers each actor as the table says, and changes nothing', async () => {
    const m = `/api/missions/${missionId}`;
    const cases: Array<[string, InjectOptions, Record<Actor, number>]> = [
      ['get mission', { method: 'GET', url: m }, READ],
      ['members', { method: 'GET', url: `${m}/members` }, READ],
      ['plan', { method: 'GET', url: `${m}/plan` }, READ],
      ['assets', { method: 'GET', url: `${m}/assets` }, READ],
      ['member candidates', { method: 'GET', url: `${m}/member-candidates?q=x` }, manage(200)],
      ['patch mission', { method: 'PATCH', url: m, payload: { status: 'bogus' } }, manage(422)],
      [
        'add member',
        { method: 'POST', url: `${m}/members`, payload: { user_id: NOBODY, role: 'king' } },
        manage(422),
      ],
      [
        'change member',
        { method: 'PATCH', url: `${m}/members/${NOBODY}`, payload: { role: 'lead' } },
        manage(404),
      ],
      ['remove member', { method: 'DELETE', url: `${m}/members/${NOBODY}` }, manage(404)],
      ['add scenario', { method: 'POST', url: `${m}/scenarios`, payload: {} }, manage(422)],
      [
        'patch scenario',
        { method: 'PATCH', url: `${m}/scenarios/${NOBODY}`, payload: { position: -1 } },
        manage(422),
      ],
      ['delete scenario', { method: 'DELETE', url: `${m}/scenarios/${NOBODY}` }, manage(404)],
      [
        'restore scenario',
        { method: 'POST', url: `${m}/scenarios/${NOBODY}/restore` },
        manage(404),
      ],
      ['ad hoc test', { method: 'POST', url: `${m}/tests`, payload: { name: '' } }, manage(422)],
      [
        'plan test',
        { method: 'PATCH', url: `${m}/tests/${NOBODY}/plan`, payload: { planned_on: 'soon' } },
        manage(422),
      ],
      ['delete test', { method: 'DELETE', url: `${m}/tests/${NOBODY}` }, manage(404)],
      ['restore test', { method: 'POST', url: `${m}/tests/${NOBODY}/restore` }, manage(404)],
      [
        'add asset',
        { method: 'POST', url: `${m}/assets`, payload: { kind: 'laser' } },
        manage(422),
      ],
      [
        'patch asset',
        { method: 'PATCH', url: `${m}/assets/${NOBODY}`, payload: { position: -1 } },
        manage(422),
      ],
      ['delete asset', { method: 'DELETE', url: `${m}/assets/${NOBODY}` }, manage(404)],
      [
        'layer',
        { method: 'POST', url: `${m}/import/layer`, payload: { techniques: 'x' } },
        manage(422),
      ],
      [
        'clone',
        { method: 'POST', url: `${m}/clone`, payload: { name: '' } },
        // mission.create is checked before the body: 403 → 422.
        { ...READ, viewer: 403, red: 403, blue: 403, purple: 403, lead: 422, admin: 422 },
      ],
      [
        'restore mission',
        { method: 'POST', url: `${m}/restore` },
        { ...READ, viewer: 403, red: 403, blue: 403, purple: 403, lead: 403, admin: 200 },
      ],
    ];
    const failures: string[] = [];
    for (const [name, request, expected] of cases) {
      for (const [actor, status] of Object.entries(expected) as [Actor, number][]) {
        const res = await t.app.inject({ ...request, headers: h[actor] });
        if (res.statusCode !== status)
          failures.push(
            `${name} as ${actor}: ${res.statusCode} (want ${status}) ${res.body.slice(0, 120)}`,
          );
        if (
          actor === 'non_member' &&
          res.json<{ detail?: string }>().detail !== 'Mission not found'
        ) {
          failures.push(`${name} as non-member: ${res.body.slice(0, 120)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // Nothing changed: the mission is as created, with its five members and an empty plan.
    const mission = (await t.app.inject({ url: m, headers: h.lead })).json<{
      version: number;
      status: string;
    }>();
    expect(mission).toMatchObject({ version: 1, status: 'planned' });
    expect(
      (await t.app.inject({ url: `${m}/members`, headers: h.lead })).json<{ items: unknown[] }>()
        .items,
    ).toHaveLength(5);
  });

  it('a mission that does not exist, a malformed id and a mission of others look the same', async () => {
    for (const url of [
      `/api/missions/${NOBODY}`,
      '/api/missions/not-a-uuid',
      `/api/missions/${missionId}`,
    ]) {
      const res = await t.app.inject({
        method: 'PATCH',
        url,
        payload: { name: 'x' },
        headers: h.non_member,
      });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().detail).toBe('Mission not found');
    }
  });
});
