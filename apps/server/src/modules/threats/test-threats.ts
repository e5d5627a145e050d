import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Job } from '@metamorph/contract';
import { expect } from 'vitest';
import type { TestApp } from '../../../test/harness.js';
import { resultsWorld, type ResultsWorld } from '../results/test-results.js';

/**
 * The threat fixture (through the HTTP API): the results world (client Initech, the
 * mini-enterprise catalog) with test/fixtures/attack/threat-enterprise.json imported on top
 * (release 1.1: G0016 APT29, S0154 Cobalt Strike, C0024, revoked G0099). Client Initech:
 * Q1 (2026-01-12): T1059.001 alerted, T1566.001 not detected, T1105 logged.
 * Q2 (2026-02-09): T1059.001 prevented, T1566.001 alerted, T1027 not detected.
 * Client Globex: G1 (2026-02-20) with T1204 prevented (never read for Initech).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const BUNDLE = path.resolve(here, '../../../test/fixtures/attack/threat-enterprise.json');

export interface ThreatWorld extends ResultsWorld {
  globex: string;
  q1: string;
  q2: string;
  g1: string;
  /** Test ids by label, e.g. q2_T1059.001. */
  tests: Record<string, string>;
  /** A library template tagged T1204 for Linux, one for T1027 on Windows. */
  templates: { t1204: string; t1027: string };
}

export async function threatWorld(t: TestApp): Promise<ThreatWorld> {
  const w = await resultsWorld(t);
  const boundary = '----threats';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="threat.json"\r\n` +
        'Content-Type: application/json\r\n\r\n',
    ),
    readFileSync(BUNDLE),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const sync = await t.app.inject({
    method: 'POST',
    url: '/api/attack/sync',
    payload,
    headers: { ...w.h.admin, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(sync.statusCode, sync.body).toBe(202);
  await t.ctx.runner.runOnce();
  const job = Job.parse(
    (await w.ok('admin', 'GET', `/api/jobs/${sync.json<{ job: Job }>().job.id}`)).json(),
  );
  expect(job.status, job.error ?? '').toBe('succeeded');

  const tests: Record<string, string> = {};
  const first = async (id: string) =>
    (await w.ok('lead', 'GET', `/api/missions/${id}/plan`)).json<{
      scenarios: Array<{ tests: Array<{ id: string }> }>;
    }>().scenarios[0]!.tests[0]!.id;
  const record = async (missionId: string, testId: string, level: string, at: string) => {
    const u = `/api/missions/${missionId}/tests/${testId}`;
    await w.ok('lead', 'POST', `${u}/transition`, { state: 'executed' });
    await w.ok('lead', 'PUT', u, {
      executed_at: at,
      executed_at_overridden: true,
      detection_level_id: w.levelId(level),
    });
    await w.ok('lead', 'POST', `${u}/transition`, { state: 'reviewed_by_blue' });
  };
  const mission = async (name: string, day: string) => {
    const m = await w.newMission(name);
    await w.ok('lead', 'PATCH', `/api/missions/${m.id}`, { start_date: day });
    return m;
  };
  const q1 = await mission('Q1 exercise', '2026-01-12');
  const q1at = '2026-01-12T10:00:00.000Z';
  tests['q1_T1059.001'] = await first(q1.id);
  tests['q1_T1566.001'] = await w.addTest(q1.id, q1.scenarioId, 'Q1 phish', ['T1566.001']);
  tests.q1_T1105 = await w.addTest(q1.id, q1.scenarioId, 'Q1 transfer', ['T1105']);
  await record(q1.id, tests['q1_T1059.001'], 'alerted', q1at);
  await record(q1.id, tests['q1_T1566.001'], 'not_detected', q1at);
  await record(q1.id, tests.q1_T1105, 'logged', q1at);
  const q2 = await mission('Q2 exercise', '2026-02-09');
  const q2at = '2026-02-09T10:00:00.000Z';
  tests['q2_T1059.001'] = await first(q2.id);
  tests['q2_T1566.001'] = await w.addTest(q2.id, q2.scenarioId, 'Q2 phish', ['T1566.001']);
  tests.q2_T1027 = await w.addTest(q2.id, q2.scenarioId, 'Q2 obfuscation', ['T1027']);
  await record(q2.id, tests['q2_T1059.001'], 'prevented', q2at);
  await record(q2.id, tests['q2_T1566.001'], 'alerted', q2at);
  await record(q2.id, tests.q2_T1027, 'not_detected', q2at);

  const tpl = async (name: string, attack: string, platforms: string[]) =>
    (
      await w.ok('admin', 'POST', '/api/library/tests', {
        name,
        attack_ids: [attack],
        platforms,
      })
    ).json<{ id: string }>().id;
  const templates = {
    t1204: await tpl('Open a macro document', 'T1204', ['Linux']),
    t1027: await tpl('Base64 payload', 'T1027', ['Windows']),
  };
  const globex = (await w.ok('lead', 'POST', '/api/clients', { name: 'Globex' })).json<{
    id: string;
  }>().id;
  const g1 = (
    await w.ok('lead', 'POST', '/api/missions', { client_id: globex, name: 'Globex G1' })
  ).json<{ id: string }>().id;
  await w.ok('lead', 'PATCH', `/api/missions/${g1}`, { start_date: '2026-02-20' });
  await w.ok('lead', 'POST', `/api/missions/${g1}/scenarios`, {
    test_template_ids: [templates.t1204],
    name: 'Day 1',
  });
  tests.g1_T1204 = await first(g1);
  await record(g1, tests.g1_T1204, 'prevented', '2026-02-20T10:00:00.000Z');
  return { ...w, globex, q1: q1.id, q2: q2.id, g1, tests, templates };
}
