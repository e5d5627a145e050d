import { Client, Mission } from '@metamorph/contract';
import { expect } from 'vitest';
import type { Headers } from '../../../test/auth-helpers.js';
import type { TestApp } from '../../../test/harness.js';

export async function createClient(t: TestApp, h: Headers, name: string): Promise<Client> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/clients',
    payload: { name },
    headers: h,
  });
  expect(res.statusCode, res.body).toBe(201);
  return Client.parse(res.json());
}

export async function createMission(
  t: TestApp,
  h: Headers,
  clientId: string,
  over: Record<string, unknown> = {},
): Promise<Mission> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/missions',
    payload: { client_id: clientId, name: 'Q4 purple exercise', ...over },
    headers: h,
  });
  expect(res.statusCode, res.body).toBe(201);
  return Mission.parse(res.json());
}

export async function addMember(
  t: TestApp,
  h: Headers,
  missionId: string,
  userId: string,
  role: string,
) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/missions/${missionId}/members`,
    payload: { user_id: userId, role },
    headers: h,
  });
  expect(res.statusCode, res.body).toBe(201);
}
