import type { APIRequestContext } from '@playwright/test';
import { API_HEADERS } from './auth-helpers.js';
import { expect } from './fixtures.js';

/** Seeding and API steps of the findings spec (the admin may write both sides). */

async function send(
  api: APIRequestContext,
  method: 'put' | 'post' | 'patch',
  url: string,
  data: object,
  headers = {},
) {
  const res = await api[method](url, { headers: { ...API_HEADERS, ...headers }, data });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as unknown;
}

async function get<T>(api: APIRequestContext, url: string): Promise<T> {
  const res = await api.get(url, { headers: API_HEADERS });
  expect(res.status(), `GET ${url}`).toBe(200);
  return (await res.json()) as T;
}

/**
 * Red executes and blue reviews every test of `missionId` as prevented by the EDR: the retest
 * shows the fixes worked.
 */
export async function reviewAllPrevented(
  api: APIRequestContext,
  missionId: string,
): Promise<number> {
  const base = `/api/missions/${missionId}`;
  const { items: assets } = await get<{ items: Array<{ id: string; kind: string; name: string }> }>(
    api,
    `${base}/assets`,
  );
  const edr = assets.find((a) => a.kind === 'defence_tool' && a.name === 'CrowdStrike Falcon');
  expect(edr, 'the retest copies the defence tools').toBeTruthy();
  const levels = await get<{ items: Array<{ id: string; key: string }> }>(
    api,
    '/api/detection-levels',
  );
  const prevented = levels.items.find((l) => l.key === 'prevented')!.id;
  const plan = await get<{ scenarios: Array<{ tests: Array<{ id: string }> }> }>(
    api,
    `${base}/plan`,
  );
  const tests = plan.scenarios.flatMap((s) => s.tests);
  for (const t of tests) {
    const url = `${base}/tests/${t.id}`;
    await send(api, 'post', `${url}/transition`, { state: 'executed' });
    await send(api, 'put', url, {
      tool_results: [{ defence_tool_id: edr!.id, prevented: 'yes', alerted: 'yes', logged: 'yes' }],
      detection_level_id: prevented,
    });
    await send(api, 'post', `${url}/transition`, { state: 'reviewed_by_blue' });
  }
  return tests.length;
}

/** Someone else edits a finding meanwhile (a second lead, through the API). */
export async function editFindingElsewhere(
  api: APIRequestContext,
  findingId: string,
  body: object,
) {
  await send(api, 'patch', `/api/findings/${findingId}`, body);
}

export async function findingsOf(api: APIRequestContext, missionId: string) {
  return (
    await get<{ items: Array<{ id: string; number: number; title: string; status: string }> }>(
      api,
      `/api/missions/${missionId}/findings`,
    )
  ).items;
}
