import { CreatedApiToken, type Permission } from '@metamorph/contract';
import { expect } from 'vitest';
import type { TestApp } from './harness.js';
import { TEST_ADMIN } from './harness.js';

export type Headers = Record<string, string>;
export type SessionHeaders = Headers & { cookie: string };

/** Headers a browser would send for a cookie-authenticated write. */
export const CSRF_HEADERS: Headers = { 'x-requested-with': 'metamorph' };

/** Signs in and returns the headers (cookie + CSRF header) of that session. */
export async function login(t: TestApp, email: string, password: string): Promise<SessionHeaders> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: CSRF_HEADERS,
    payload: { email, password },
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'metamorph_session');
  if (!cookie) throw new Error('login set no session cookie');
  return { cookie: `metamorph_session=${cookie.value}`, ...CSRF_HEADERS };
}

export const loginAdmin = (t: TestApp): Promise<SessionHeaders> =>
  login(t, TEST_ADMIN.email, TEST_ADMIN.password);

/** Creates an API token for the signed-in user and returns its Bearer header. */
export async function tokenHeaders(
  t: TestApp,
  session: Headers,
  scopes: Permission[],
  name = 'test token',
): Promise<{ authorization: string; tokenId: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/me/tokens',
    headers: session,
    payload: { name, scopes },
  });
  expect(res.statusCode, res.body).toBe(201);
  const created = CreatedApiToken.parse(res.json());
  return { authorization: `Bearer ${created.secret}`, tokenId: created.token.id };
}
