import { ErrorBody, LoginResponse, Me } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADERS, loginAdmin } from '../../../test/auth-helpers.js';
import { TEST_ADMIN, createTestApp, type TestApp } from '../../../test/harness.js';

describe('sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('the seeded admin signs in and sees every permission', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: CSRF_HEADERS,
      payload: { email: TEST_ADMIN.email.toUpperCase(), password: TEST_ADMIN.password },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = LoginResponse.parse(res.json());
    expect(body.status).toBe('ok');
    expect(body.user?.permissions).toContain('admin.missions');
    const cookie = res.cookies.find((c) => c.name === 'metamorph_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.value.length).toBeGreaterThanOrEqual(43);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `metamorph_session=${cookie?.value}` },
    });
    expect(me.statusCode).toBe(200);
    expect(Me.parse(me.json()).email).toBe(TEST_ADMIN.email);
  });

  it('wrong password and unknown email get the same 401', async () => {
    const answers = [];
    for (const email of [TEST_ADMIN.email, 'nobody@metamorph.test']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: CSRF_HEADERS,
        payload: { email, password: 'not-the-password-at-all' },
      });
      expect(res.statusCode).toBe(401);
      answers.push(ErrorBody.parse(res.json()).detail);
    }
    expect(answers[0]).toBe(answers[1]);
  });

  it('anonymous /api/auth/me is 401', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(res.statusCode).toBe(401);
  });

  it('logout ends the session server-side', async () => {
    const h = await loginAdmin(t);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: h });
    expect(out.statusCode, out.body).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: h });
    expect(me.statusCode).toBe(401);
  });
});
