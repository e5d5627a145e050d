import {
  ApiTokenList,
  CreatedApiToken,
  ErrorBody,
  PROBLEM_CONTENT_TYPE,
  type Permission,
} from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';

/** How `Authorization: Bearer` is accepted (authenticate.ts) for tokens made through the API. */
describe('authenticating with an API token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const bearer = (secret: string): Headers => ({ authorization: `Bearer ${secret}` });
  const me = (headers: Headers) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers });
  const list = async (headers: Headers) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/me/tokens', headers });
    expect(res.statusCode, res.body).toBe(200);
    return ApiTokenList.parse(res.json()).items;
  };
  async function createToken(
    _t: TestApp,
    session: Headers,
    payload: { scopes: Permission[]; expires_in_days?: number },
  ): Promise<CreatedApiToken> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      headers: session,
      payload: { name: 'auth test', ...payload },
    });
    expect(res.statusCode, res.body).toBe(201);
    return CreatedApiToken.parse(res.json());
  }

  it('is never accepted from a cookie', async () => {
    const admin = await loginAdmin(t);
    const created = await createToken(t, admin, { scopes: ['library.read'] });
    const res = await me({ cookie: `metamorph_session=${created.secret}` });
    expect(res.statusCode).toBe(401);
  });

  it('answers a malformed Authorization header with 401 problem+json, ignoring any cookie', async () => {
    const admin = await loginAdmin(t);
    const created = await createToken(t, admin, { scopes: ['library.read'] });
    const headers = [
      'Basic cm9vdDpyb290',
      'Bearer',
      'Bearer ',
      `Bearer ${created.secret} extra`,
      `Token ${created.secret}`,
      'Bearer mmt_short',
      `Bearer ${created.secret}x`,
    ];
    for (const authorization of headers) {
      const res = await me({ authorization, cookie: admin.cookie ?? '' });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
      expect(ErrorBody.parse(res.json()).code).toBe('unauthenticated');
    }
  });

  it('records when a token was last used, at most once a minute', async () => {
    const admin = await loginAdmin(t);
    const created = await createToken(t, admin, { scopes: ['library.read'] });
    expect(created.token.last_used_at).toBeNull();
    const firstUse = t.clock.now().toISOString();
    expect((await me(bearer(created.secret))).statusCode).toBe(200);
    const find = async () => (await list(admin)).find((i) => i.id === created.token.id);
    expect((await find())?.last_used_at).toBe(firstUse);
    t.clock.advance(30_000);
    await me(bearer(created.secret));
    expect((await find())?.last_used_at).toBe(firstUse);
    t.clock.advance(31_000);
    const later = t.clock.now().toISOString();
    await me(bearer(created.secret));
    expect((await find())?.last_used_at).toBe(later);
  });

  // Last: moving the clock a day ahead ends every session of this file.
  it('expires after expires_in_days', async () => {
    const admin = await loginAdmin(t);
    const created = await createToken(t, admin, { scopes: ['library.read'], expires_in_days: 1 });
    t.clock.advance(86_400_000 - 1);
    expect((await me(bearer(created.secret))).statusCode).toBe(200);
    t.clock.advance(1);
    const res = await me(bearer(created.secret));
    expect(res.statusCode).toBe(401);
    expect(ErrorBody.parse(res.json()).detail).toMatch(/expired/);
  });
});
