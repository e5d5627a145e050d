import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ExecutionImportReport,
  Job,
  MissionPlan,
  MissionScenario,
  type MissionTestDetail,
} from '@metamorph/contract';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { login, loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createUser } from '../../../test/factories.js';
import type { TestApp } from '../../../test/harness.js';
import { multipartFiles, type Part } from '../../../test/multipart.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(here, '../../../test/fixtures');
export const fixture = (name: string): Buffer =>
  readFileSync(path.join(FIXTURES, 'automation', name));

export type Who = 'admin' | 'lead' | 'red' | 'blue' | 'outsider';

/**
 * A mission through the HTTP API only: the ATT&CK fixture, the two Atomic tests of
 * fixtures/automation/T1059.001.yaml planned from the library, an ad hoc T1105 test, a target
 * WS01 and a red tool "Invoke-AtomicRedTeam"; a lead, a red operator, a blue analyst and a
 * purple lead who is not a member.
 */
export interface AutomationWorld {
  t: TestApp;
  h: Record<Who, Headers>;
  missionId: string;
  tests: { cradle: string; encoded: string; transfer: string };
  assets: { ws01: string; art: string };
  ok(
    who: Who,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
  post(who: Who, files: Part[], fields?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Posts, runs the job, answers the job (its result is the report when it succeeded). */
  run(
    who: Who,
    files: Part[],
    fields?: Record<string, string>,
  ): Promise<{ job: Job; report: ExecutionImportReport | null }>;
  test(id: string): Promise<MissionTestDetail>;
}

export async function automationWorld(t: TestApp): Promise<AutomationWorld> {
  const admin = await loginAdmin(t);
  const make = async (roleKeys: string[]) => {
    const u = await createUser(t, { roleKeys });
    return { id: u.id, h: await login(t, u.email, u.password) };
  };
  const [lead, red, blue, outsider] = [
    await make(['purple_lead']),
    await make(['red_operator']),
    await make(['blue_analyst']),
    await make(['purple_lead']),
  ];
  const h: Record<Who, Headers> = {
    admin,
    lead: lead.h,
    red: red.h,
    blue: blue.h,
    outsider: outsider.h,
  };
  const ok: AutomationWorld['ok'] = async (who, method, url, body) => {
    const res = await t.app.inject({
      method,
      url,
      headers: h[who],
      ...(body === undefined ? {} : { payload: body as object }),
    });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res;
  };
  const upload = async (url: string, parts: Part[], fields: Record<string, string> = {}) => {
    const body = multipartFiles(parts, fields);
    const res = await t.app.inject({
      method: 'POST',
      url,
      payload: body.payload,
      headers: { ...admin, ...body.headers },
    });
    expect(res.statusCode, res.body).toBe(202);
    await t.ctx.runner.runOnce();
  };
  await upload('/api/attack/sync', [
    {
      name: 'bundle.json',
      content: readFileSync(path.join(FIXTURES, 'attack/mini-enterprise.json')),
    },
  ]);
  await upload('/api/library/import/atomics', [
    { name: 'T1059.001.yaml', content: fixture('T1059.001.yaml') },
  ]);
  const client = (await ok('lead', 'POST', '/api/clients', { name: 'Initech' })).json<{
    id: string;
  }>();
  const m = (
    await ok('lead', 'POST', '/api/missions', { client_id: client.id, name: 'Automation day' })
  ).json<{ id: string }>();
  const url = (p: string) => `/api/missions/${m.id}${p}`;
  await ok('lead', 'POST', url('/members'), { user_id: red.id, role: 'red' });
  await ok('lead', 'POST', url('/members'), { user_id: blue.id, role: 'blue' });
  const asset = async (kind: string, name: string, details?: string) =>
    (
      await ok('lead', 'POST', url('/assets'), { kind, name, ...(details ? { details } : {}) })
    ).json<{ id: string }>().id;
  const ws01 = await asset('target', 'WS01', 'Finance workstation 10.0.0.15');
  const art = await asset('red_tool', 'Invoke-AtomicRedTeam');
  const library = (await ok('lead', 'GET', '/api/library/tests?technique=T1059.001')).json<{
    items: { id: string; key: string }[];
  }>();
  const ids = library.items.filter((i) => i.key.startsWith('art:')).map((i) => i.id);
  expect(ids).toHaveLength(2);
  const scenario = MissionScenario.parse(
    (await ok('lead', 'POST', url('/scenarios'), { test_template_ids: ids, name: 'Day 1' })).json(),
  );
  await ok('lead', 'POST', url('/tests'), {
    scenario_id: scenario.id,
    name: 'Certutil download',
    attack_ids: ['T1105'],
  });
  const plan = MissionPlan.parse((await ok('lead', 'GET', url('/plan'))).json());
  const all = plan.scenarios.flatMap((s) => s.tests);
  const byName = (n: string) => all.find((x) => x.snapshot_name === n)!.id;
  const post: AutomationWorld['post'] = (who, parts, fields = {}) => {
    const body = multipartFiles(parts, fields);
    return t.app.inject({
      method: 'POST',
      url: url('/import/execution'),
      payload: body.payload,
      headers: { ...h[who], ...body.headers },
    });
  };
  return {
    t,
    h,
    missionId: m.id,
    tests: {
      cradle: byName('Download cradle with Invoke-Expression'),
      encoded: byName('Encoded command'),
      transfer: byName('Certutil download'),
    },
    assets: { ws01, art },
    ok,
    post,
    async run(who, parts, fields) {
      const res = await post(who, parts, fields);
      expect(res.statusCode, res.body).toBe(202);
      await t.ctx.runner.runOnce();
      const job = Job.parse(
        (await ok(who, 'GET', `/api/jobs/${res.json<{ job: { id: string } }>().job.id}`)).json(),
      );
      return {
        job,
        report: job.status === 'succeeded' ? ExecutionImportReport.parse(job.result) : null,
      };
    },
    async test(id) {
      return (await ok('lead', 'GET', url(`/tests/${id}`))).json<MissionTestDetail>();
    },
  };
}
