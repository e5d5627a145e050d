import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { multipart } from '../src/modules/evidence/test-evidence.js';
import type { Headers } from './auth-helpers.js';
import type { TestApp } from './harness.js';

/**
 * One of each resource a route URL may name (a mission with a scenario, a test, an asset and
 * an evidence file), so generated sweeps reach the body of every route: the guards answer 404
 * before the body for ids that do not exist.
 */
export interface RouteWorld {
  missionId: string;
  testId: string;
  scenarioId: string;
  assetId: string;
  evidenceId: string;
  /** The route's URL with its parameters filled from the world (others a fresh UUID). */
  url(pattern: string): string;
}

export async function routeWorld(t: TestApp, admin: Headers): Promise<RouteWorld> {
  const send = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: 'POST', url, headers: admin, payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Record<string, unknown>;
  };
  const client = await send('/api/clients', { name: `World ${randomUUID().slice(0, 8)}` });
  const mission = await send('/api/missions', { name: 'World', client_id: client.id });
  const missionId = String(mission.id);
  const tpl = await send('/api/library/tests', { name: 'World template' });
  const scenario = (await send(`/api/missions/${missionId}/scenarios`, {
    test_template_ids: [tpl.id],
  })) as { id: string; tests: { id: string }[] };
  const asset = await send(`/api/missions/${missionId}/assets`, { kind: 'source', name: 'ws1' });
  const testId = scenario.tests[0]?.id ?? '';
  const upload = multipart({ name: 'note.txt', content: Buffer.from('hello') });
  const evidence = await t.app.inject({
    method: 'POST',
    url: `/api/missions/${missionId}/tests/${testId}/evidence`,
    headers: { ...admin, ...upload.headers },
    payload: upload.payload,
  });
  expect(evidence.statusCode, evidence.body).toBe(201);
  const ids: Record<string, string> = {
    testId,
    scenarioId: scenario.id,
    assetId: String(asset.id),
  };
  const evidenceId = (evidence.json() as { id: string }).id;
  // A finding, so /api/findings/:id routes reach their permission check and body too.
  const finding = await send(`/api/missions/${missionId}/findings`, {
    title: 'Route world finding',
    severity: 'low',
  });
  const findingId = (finding as { id: string }).id;
  return {
    missionId,
    testId,
    scenarioId: scenario.id,
    assetId: String(asset.id),
    evidenceId,
    url: (pattern) =>
      pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
        if (name !== 'id') return ids[name] ?? randomUUID();
        if (pattern.startsWith('/api/missions/')) return missionId;
        if (pattern.startsWith('/api/findings/')) return findingId;
        return pattern.startsWith('/api/evidence/') ? evidenceId : randomUUID();
      }),
  };
}
