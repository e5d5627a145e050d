import type { APIRequestContext } from '@playwright/test';
import { API_HEADERS } from './auth-helpers.js';
import type { Member } from './execution-helpers.js';
import { expect } from './fixtures.js';
import { importAttack, post } from './mission-helpers.js';

/** Seeding for the outcomes spec: a mission with two defence tools (EDR, SIEM), through the API. */

export interface OutcomeMission {
  id: string;
  tests: { id: string; name: string }[];
}

/** A mission with one scenario of two tests (expectations per layer), EDR and SIEM, and blue. */
export async function seedOutcomeMission(
  api: APIRequestContext,
  blue: Member,
): Promise<OutcomeMission> {
  await importAttack(api, 'mini-enterprise.json');
  const first = await post<{ id: string }>(api, '/api/library/tests', {
    name: 'Credential dumping with LSASS minidump',
    attack_ids: ['T1059.001'],
    platforms: ['Windows'],
    expected_blue_md: 'EDR alert on **LSASS access**; the SIEM alerts on the correlation rule.',
    expected_outcomes: [
      { layer: 'edr', expectation: 'alert' },
      { layer: 'siem', expectation: 'alert' },
    ],
  });
  const second = await post<{ id: string }>(api, '/api/library/tests', {
    name: 'Ingress tool transfer with curl',
    attack_ids: ['T1105'],
    platforms: ['Linux'],
  });
  const client = await post<{ id: string }>(api, '/api/clients', { name: 'Globex' });
  const mission = await post<{ id: string }>(api, '/api/missions', {
    client_id: client.id,
    name: 'Operation Heron',
  });
  const base = `/api/missions/${mission.id}`;
  await post(api, `${base}/scenarios`, {
    test_template_ids: [first.id, second.id],
    name: 'Credential access',
  });
  await post(api, `${base}/members`, { user_id: blue.id, role: 'blue' });
  await post(api, `${base}/assets`, {
    kind: 'defence_tool',
    name: 'CrowdStrike Falcon',
    layer: 'edr',
  });
  await post(api, `${base}/assets`, { kind: 'defence_tool', name: 'Splunk ES', layer: 'siem' });
  const plan = await api.get(`${base}/plan`, { headers: API_HEADERS });
  const { scenarios } = (await plan.json()) as {
    scenarios: { tests: { id: string; snapshot_name: string }[] }[];
  };
  const tests = scenarios.flatMap((s) => s.tests.map((t) => ({ id: t.id, name: t.snapshot_name })));
  return { id: mission.id, tests };
}

/** Sets a test's detection level through the API (as blue), with If-Match. */
export async function setDetectionLevel(
  api: APIRequestContext,
  missionId: string,
  testId: string,
  levelId: string,
): Promise<void> {
  const url = `/api/missions/${missionId}/tests/${testId}`;
  const current = await api.get(url, { headers: API_HEADERS });
  const { version } = (await current.json()) as { version: number };
  const res = await api.put(url, {
    headers: { ...API_HEADERS, 'If-Match': `"${version}"` },
    data: { detection_level_id: levelId },
  });
  expect(res.status(), await res.text()).toBe(200);
}

export async function getJson<T>(api: APIRequestContext, url: string): Promise<T> {
  const res = await api.get(url, { headers: API_HEADERS });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as T;
}
