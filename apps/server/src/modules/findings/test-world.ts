import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DetectionLevelList, Job, MissionPlan, MissionScenario } from '@metamorph/contract';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { login, loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createUser } from '../../../test/factories.js';
import type { TestApp } from '../../../test/harness.js';

/**
 * Findings fixtures through the HTTP API only: ATT&CK import, a library template, a client,
 * missions with a lead, red, blue, an outsider and a second client's mission.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const BUNDLE = path.resolve(here, '../../../test/fixtures/attack/mini-enterprise.json');

export type Who = 'admin' | 'lead' | 'red' | 'blue' | 'outsider';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Level = 'not_detected' | 'logged' | 'alerted' | 'prevented';

export interface MissionFixture {
  id: string;
  scenarioId: string;
  edr: string;
  siem: string;
}

export interface FindingsWorld {
  t: TestApp;
  h: Record<Who, Headers>;
  ids: { lead: string; red: string; blue: string };
  clientId: string;
  templateId: string;
  req(
    who: Who,
    method: Method,
    url: string,
    payload?: unknown,
    headers?: Headers,
  ): Promise<LightMyRequestResponse>;
  ok(who: Who, method: Method, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  newMission(name: string, clientId?: string): Promise<MissionFixture>;
  addTest(m: MissionFixture, name: string, attackIds: string[]): Promise<string>;
  /** Red executes, blue records facts matching the level (and a gap reason), then reviews. */
  review(m: MissionFixture, testId: string, level: Level, gap?: string): Promise<void>;
  firstTest(missionId: string): Promise<string>;
  /** Runs queued jobs; returns the job's result. */
  runJob(jobId: string): Promise<Job>;
}

const FACTS: Record<Level, { edr: string[]; siem: string[] }> = {
  not_detected: { edr: ['no', 'no', 'no'], siem: ['no', 'no', 'no'] },
  logged: { edr: ['no', 'no', 'no'], siem: ['no', 'no', 'yes'] },
  alerted: { edr: ['no', 'yes', 'yes'], siem: ['no', 'no', 'yes'] },
  prevented: { edr: ['yes', 'no', 'no'], siem: ['no', 'no', 'no'] },
};
const facts = (id: string, [prevented, alerted, logged]: string[]) => ({
  defence_tool_id: id,
  prevented,
  alerted,
  logged,
});

export async function findingsWorld(t: TestApp): Promise<FindingsWorld> {
  const admin = await loginAdmin(t);
  const make = async (roleKeys: string[]) => {
    const u = await createUser(t, { roleKeys });
    return { id: u.id, h: await login(t, u.email, u.password) };
  };
  const lead = await make(['purple_lead']);
  const red = await make(['red_operator']);
  const blue = await make(['blue_analyst']);
  const outsider = await make(['purple_lead']);
  const h: Record<Who, Headers> = {
    admin,
    lead: lead.h,
    red: red.h,
    blue: blue.h,
    outsider: outsider.h,
  };
  const req: FindingsWorld['req'] = (who, method, url, payload, headers = {}) =>
    t.app.inject({
      method,
      url,
      headers: { ...h[who], ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const ok: FindingsWorld['ok'] = async (who, method, url, payload) => {
    const res = await req(who, method, url, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res;
  };
  const boundary = '----findings';
  const bundle = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bundle.json"\r\n` +
        'Content-Type: application/json\r\n\r\n',
    ),
    readFileSync(BUNDLE),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const sync = await t.app.inject({
    method: 'POST',
    url: '/api/attack/sync',
    payload: bundle,
    headers: { ...admin, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(sync.statusCode, sync.body).toBe(202);
  await t.ctx.runner.runOnce();
  const levels = DetectionLevelList.parse(
    (await ok('blue', 'GET', '/api/detection-levels')).json(),
  ).items;
  const levelId = (key: string) => levels.find((l) => l.key === key)!.id;
  const client = (await ok('lead', 'POST', '/api/clients', { name: 'Initech' })).json<{
    id: string;
  }>();
  const tpl = (
    await ok('admin', 'POST', '/api/library/tests', {
      name: 'Encoded PowerShell',
      attack_ids: ['T1059.001'],
      platforms: ['Windows'],
      opsec_level: 'low',
      expected_blue_md: 'EDR alerts on encoded PowerShell command lines.',
      detection_refs: [{ kind: 'sigma', ref_id: 'proc_creation_win_powershell_encoded' }],
    })
  ).json<{ id: string }>();

  const world: FindingsWorld = {
    t,
    h,
    ids: { lead: lead.id, red: red.id, blue: blue.id },
    clientId: client.id,
    templateId: tpl.id,
    req,
    ok,
    async newMission(name, clientId = client.id) {
      const m = (await ok('lead', 'POST', '/api/missions', { client_id: clientId, name })).json<{
        id: string;
      }>();
      const url = (p: string) => `/api/missions/${m.id}${p}`;
      await ok('lead', 'POST', url('/members'), { user_id: red.id, role: 'red' });
      await ok('lead', 'POST', url('/members'), { user_id: blue.id, role: 'blue' });
      const tool = async (toolName: string, layer: string) =>
        (
          await ok('lead', 'POST', url('/assets'), { kind: 'defence_tool', name: toolName, layer })
        ).json<{ id: string }>().id;
      const edr = await tool('CrowdStrike', 'edr');
      const siem = await tool('Splunk', 'siem');
      const added = await ok('lead', 'POST', url('/scenarios'), {
        test_template_ids: [tpl.id],
        name: 'Day 1',
      });
      return { id: m.id, scenarioId: MissionScenario.parse(added.json()).id, edr, siem };
    },
    async addTest(m, name, attackIds) {
      const res = await ok('lead', 'POST', `/api/missions/${m.id}/tests`, {
        scenario_id: m.scenarioId,
        name,
        attack_ids: attackIds,
      });
      return MissionPlan.parse(res.json())
        .scenarios.flatMap((s) => s.tests)
        .find((x) => x.snapshot_name === name)!.id;
    },
    async review(m, testId, level, gap) {
      const u = `/api/missions/${m.id}/tests/${testId}`;
      await ok('lead', 'POST', `${u}/transition`, { state: 'executed' });
      const f = FACTS[level];
      await ok('lead', 'PUT', u, {
        tool_results: [facts(m.edr, f.edr), facts(m.siem, f.siem)],
        detection_level_id: levelId(level),
        ...(gap ? { gap_reason: gap } : {}),
      });
      await ok('lead', 'POST', `${u}/transition`, { state: 'reviewed_by_blue' });
    },
    async firstTest(missionId) {
      const plan = MissionPlan.parse(
        (await ok('lead', 'GET', `/api/missions/${missionId}/plan`)).json(),
      );
      return plan.scenarios[0]!.tests[0]!.id;
    },
    async runJob(jobId) {
      await t.ctx.runner.runOnce();
      return Job.parse((await ok('lead', 'GET', `/api/jobs/${jobId}`)).json());
    },
  };
  return world;
}
