import { MissionPlan, MissionScenario, MissionTestDetail } from '@metamorph/contract';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { login, loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createUser, type TestUser } from '../../../test/factories.js';
import type { TestApp } from '../../../test/harness.js';
import { createTemplate } from '../library/test-library.js';
import { addMember, createClient, createMission } from '../missions/test-missions.js';

export type ActorName =
  'anonymous' | 'outsider' | 'viewer' | 'red' | 'blue' | 'purple' | 'lead' | 'admin';

export interface ExecutionFixture {
  t: TestApp;
  missionId: string;
  scenarioId: string;
  h: Record<Exclude<ActorName, 'anonymous'>, Headers> & { anonymous: Headers };
  users: Record<'red' | 'blue' | 'purple' | 'lead' | 'viewer', TestUser>;
  /** A fresh pending test in the mission. */
  newTest(name?: string): Promise<string>;
  req(
    who: ActorName | Headers,
    method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    headers?: Headers,
  ): Promise<LightMyRequestResponse>;
  detail(testId: string, who?: ActorName): Promise<MissionTestDetail>;
  url(p: string): string;
}

/**
 * A mission with one member per mission role: red (red operator), blue (blue analyst), purple
 * (both global rights), lead (purple lead), viewer; plus a non-member and the admin.
 */
export async function executionFixture(
  t: TestApp,
  opts: { visibility?: 'open' | 'blind' } = {},
): Promise<ExecutionFixture> {
  const admin = await loginAdmin(t);
  const make = async (roleKeys: string[]) => {
    const u = await createUser(t, { roleKeys });
    return { u, h: await login(t, u.email, u.password) };
  };
  const lead = await make(['purple_lead']);
  const red = await make(['red_operator']);
  const blue = await make(['blue_analyst']);
  const purple = await make(['red_operator', 'blue_analyst']);
  const viewer = await make(['viewer', 'red_operator', 'blue_analyst']);
  const outsider = await make(['purple_lead']);
  const client = await createClient(t, lead.h, `Client ${lead.u.id.slice(0, 8)}`);
  const mission = await createMission(t, lead.h, client.id, {
    name: 'Execution',
    visibility: opts.visibility ?? 'open',
  });
  const missionId = mission.id;
  for (const [who, role] of [
    [red, 'red'],
    [blue, 'blue'],
    [purple, 'purple'],
    [viewer, 'viewer'],
  ] as const) {
    await addMember(t, lead.h, missionId, who.u.id, role);
  }
  const tpl = await createTemplate(t, admin, { name: 'Seed', attack_ids: ['T1059.001'] });
  const added = await t.app.inject({
    method: 'POST',
    url: `/api/missions/${missionId}/scenarios`,
    headers: lead.h,
    payload: { test_template_ids: [tpl.id], name: 'Day 1' },
  });
  expect(added.statusCode, added.body).toBe(201);
  const scenarioId = MissionScenario.parse(added.json()).id;
  const h = {
    anonymous: {},
    outsider: outsider.h,
    viewer: viewer.h,
    red: red.h,
    blue: blue.h,
    purple: purple.h,
    lead: lead.h,
    admin,
  };
  const url = (p: string) => `/api/missions/${missionId}${p}`;
  const req: ExecutionFixture['req'] = (who, method, u, payload, headers = {}) =>
    t.app.inject({
      method,
      url: u,
      headers: { ...(typeof who === 'string' ? h[who] : who), ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  let n = 0;
  return {
    t,
    missionId,
    scenarioId,
    h,
    users: { red: red.u, blue: blue.u, purple: purple.u, lead: lead.u, viewer: viewer.u },
    url,
    req,
    async newTest(name = `Test ${++n} ${missionId.slice(0, 6)}`) {
      const res = await req('lead', 'POST', url('/tests'), {
        scenario_id: scenarioId,
        name,
        attack_ids: ['T1059.001'],
      });
      expect(res.statusCode, res.body).toBe(201);
      const tests = MissionPlan.parse(res.json()).scenarios.flatMap((s) => s.tests);
      const test = tests.find((x) => x.snapshot_name === name);
      if (!test) throw new Error(`ad hoc test ${name} not in the plan`);
      return test.id;
    },
    async detail(testId, who = 'admin') {
      const res = await req(who, 'GET', url(`/tests/${testId}`));
      expect(res.statusCode, res.body).toBe(200);
      return MissionTestDetail.parse(res.json());
    },
  };
}
