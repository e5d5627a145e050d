import { ErrorBody, LoginResponse, SessionList } from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADERS, login, loginAdmin, tokenHeaders } from '../../../test/auth-helpers.js';
import { createUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvents, users } from '../../db/schema/index.js';

const code = (res: { json: () => unknown }) => ErrorBody.parse(res.json()).code;

describe('session security', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const me = (headers: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: '/api/auth/me', headers });
  const attempt = (email: string, password: string, extra: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { ...CSRF_HEADERS, ...extra },
      payload: { email, password },
    });

  it('login replaces a pre-existing session (no fixation)', async () => {
    const u = await createUser(t);
    const first = await login(t, u.email, u.password);
    const res = await attempt(u.email, u.password, { cookie: first.cookie });
    expect(res.statusCode).toBe(200);
    const fresh = res.cookies.find((c) => c.name === 'metamorph_session')?.value;
    expect(fresh).toBeDefined();
    expect(`metamorph_session=${fresh}`).not.toBe(first.cookie);
    expect((await me({ cookie: first.cookie })).statusCode).toBe(401);
    expect((await me({ cookie: `metamorph_session=${fresh}` })).statusCode).toBe(200);
  });

  it('a tampered or unknown cookie is anonymous and gets cleared', async () => {
    const res = await me({
      cookie: 'metamorph_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(res.statusCode).toBe(401);
    const cleared = res.cookies.find((c) => c.name === 'metamorph_session');
    expect(cleared?.value).toBe('');
  });

  it('cookie writes need the CSRF header and a same-site origin', async () => {
    const admin = await loginAdmin(t);
    const patch = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'PATCH',
        url: '/api/settings',
        headers,
        payload: { 'login.max_failures': 6 },
      });
    const noHeader = await patch({ cookie: admin.cookie });
    expect(noHeader.statusCode).toBe(403);
    expect(code(noHeader)).toBe('csrf_rejected');
    const foreign = await patch({ ...admin, origin: 'https://evil.example' });
    expect(code(foreign)).toBe('csrf_rejected');
    const crossSite = await patch({ ...admin, 'sec-fetch-site': 'cross-site' });
    expect(code(crossSite)).toBe('csrf_rejected');
    const ok = await patch({ ...admin, origin: 'http://localhost:80' });
    expect(ok.statusCode, ok.body).toBe(200);
    const loginNoHeader = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'x@y.test', password: 'whatever-long-pw' },
    });
    expect(code(loginNoHeader)).toBe('csrf_rejected');
  });

  it('locks an account after repeated failures, unknown emails alike, and unlocks later', async () => {
    const u = await createUser(t);
    for (let i = 0; i < 6; i++)
      expect((await attempt(u.email, 'wrong-password-xx')).statusCode).toBe(401);
    const locked = await attempt(u.email, u.password);
    expect(locked.statusCode).toBe(429);
    expect(ErrorBody.parse(locked.json()).detail).toMatch(/Try again in \d+ minute/);
    for (let i = 0; i < 6; i++) await attempt('ghost@metamorph.test', 'wrong-password-xx');
    const ghost = await attempt('ghost@metamorph.test', 'wrong-password-xx');
    expect(ghost.statusCode).toBe(429);
    expect(ErrorBody.parse(ghost.json()).detail).toBe(ErrorBody.parse(locked.json()).detail);
    t.clock.advance(16 * 60_000);
    expect((await attempt(u.email, u.password)).statusCode).toBe(200);
  });

  it('limits failures per client ip across accounts', async () => {
    const admin = await loginAdmin(t);
    await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: admin,
      payload: { 'login.max_failures_per_ip': 5 },
    });
    try {
      for (let i = 0; i < 5; i++) await attempt(`spray${i}@metamorph.test`, 'wrong-password-xx');
      expect((await attempt('spray-next@metamorph.test', 'wrong-password-xx')).statusCode).toBe(
        429,
      );
    } finally {
      t.clock.advance(16 * 60_000);
      await t.app.inject({
        method: 'PATCH',
        url: '/api/settings',
        headers: await loginAdmin(t),
        payload: { 'login.max_failures_per_ip': 50 },
      });
    }
  });

  it('sessions expire when idle and at their absolute limit', async () => {
    const u = await createUser(t);
    const idle = await login(t, u.email, u.password);
    t.clock.advance(8 * 60 * 60_000 + 1000);
    expect((await me(idle)).statusCode).toBe(401);
    const active = await login(t, u.email, u.password);
    for (let h = 0; h < 7 * 24; h += 4) {
      t.clock.advance(4 * 60 * 60_000);
      const res = await me(active);
      if (h + 4 >= 7 * 24) expect(res.statusCode).toBe(401);
      else expect(res.statusCode).toBe(200);
    }
  });

  it('a disabled user loses their session at once and cannot sign in', async () => {
    const u = await createUser(t);
    const h = await login(t, u.email, u.password);
    await t.ctx.db.update(users).set({ disabledAt: t.clock.now() }).where(eq(users.id, u.id));
    expect((await me(h)).statusCode).toBe(401);
    const right = await attempt(u.email, u.password);
    expect(right.statusCode).toBe(403);
    expect(code(right)).toBe('account_disabled');
    expect((await attempt(u.email, 'wrong-password-xx')).statusCode).toBe(401);
  });

  it('refuses malformed emails and huge passwords with 422, storing nothing', async () => {
    const bad = await attempt('not-an-email', 'whatever-long-pw');
    expect(bad.statusCode).toBe(422);
    expect(ErrorBody.parse(bad.json()).errors?.[0]?.path).toBe('body.email');
    const huge = await attempt('a@b.test', 'x'.repeat(10_000));
    expect(huge.statusCode).toBe(422);
    expect(ErrorBody.parse(huge.json()).errors?.[0]?.path).toBe('body.password');
  });

  it('lists my sessions, ends one, and logs out everywhere', async () => {
    const u = await createUser(t);
    const a = await login(t, u.email, u.password);
    const b = await login(t, u.email, u.password);
    const c = await login(t, u.email, u.password);
    const list = SessionList.parse(
      (await t.app.inject({ method: 'GET', url: '/api/me/sessions', headers: a })).json(),
    );
    expect(list.items).toHaveLength(3);
    expect(list.items.filter((s) => s.current)).toHaveLength(1);
    const other = list.items.find((s) => !s.current);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/me/sessions/${other?.id}`,
      headers: a,
    });
    expect(del.statusCode).toBe(204);
    const after = SessionList.parse(
      (await t.app.inject({ method: 'GET', url: '/api/me/sessions', headers: a })).json(),
    );
    expect(after.items).toHaveLength(2);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: a,
      payload: { everywhere: true },
    });
    expect(out.statusCode).toBe(204);
    for (const h of [a, b, c]) expect((await me(h)).statusCode).toBe(401);
  });
});

describe('forced password change', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('blocks everything but the change, enforces the policy, then lets the user in', async () => {
    const u = await createUser(t, { mustChangePassword: true, roleKeys: ['admin'] });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: CSRF_HEADERS,
      payload: { email: u.email, password: u.password },
    });
    expect(LoginResponse.parse(res.json()).status).toBe('password_change_required');
    const h = {
      cookie: `metamorph_session=${res.cookies.find((c) => c.name === 'metamorph_session')?.value}`,
      ...CSRF_HEADERS,
    };
    const blocked = await t.app.inject({ method: 'GET', url: '/api/settings', headers: h });
    expect(blocked.statusCode).toBe(403);
    expect(code(blocked)).toBe('password_change_required');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: h })).statusCode,
    ).toBe(200);

    const change = (current: string, next: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: h,
        payload: { current_password: current, new_password: next },
      });
    const local = u.email.split('@')[0] ?? '';
    for (const [next, why] of [
      ['short-pw', /at least 12/],
      [`${local}-is-my-password`, /email/],
      ['Password1234', /too common/],
    ] as const) {
      const r = await change(u.password, next);
      expect(r.statusCode).toBe(422);
      const body = ErrorBody.parse(r.json());
      expect(body.errors?.[0]?.path).toBe('body.new_password');
      expect(body.detail).toMatch(why);
    }
    expect((await change('wrong-current-pw', 'A-Fresh-Long-Passphrase')).statusCode).toBe(422);
    const ok = await change(u.password, 'A-Fresh-Long-Passphrase');
    expect(ok.statusCode, ok.body).toBe(200);
    const rotated = ok.cookies.find((c) => c.name === 'metamorph_session')?.value;
    expect(`metamorph_session=${rotated}`).not.toBe(h.cookie);
    const now = { cookie: `metamorph_session=${rotated}` };
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/settings', headers: now })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: h })).statusCode,
    ).toBe(401);
  });
});

describe('client ip behind a proxy', () => {
  const loginIp = async (trustProxy: string): Promise<string | null> => {
    const t = await createTestApp({ env: { TRUST_PROXY: trustProxy } });
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.0.0.5',
        headers: { ...CSRF_HEADERS, 'x-forwarded-for': '203.0.113.9' },
        payload: { email: 'nobody@metamorph.test', password: 'wrong-password-xx' },
      });
      expect(res.statusCode).toBe(401);
      const [row] = await t.ctx.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, 'auth.login_failed'));
      return row?.ip ?? null;
    } finally {
      await t.close();
    }
  };

  it('believes X-Forwarded-For only when TRUST_PROXY says so', async () => {
    expect(await loginIp('false')).toBe('10.0.0.5');
    expect(await loginIp('10.0.0.0/8')).toBe('203.0.113.9');
    expect(await loginIp('192.168.0.1')).toBe('10.0.0.5');
  });
});

describe('bearer tokens and CSRF', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('token writes need no CSRF header; a token in a cookie is ignored', async () => {
    const admin = await loginAdmin(t);
    const { authorization } = await tokenHeaders(t, admin, ['admin.settings']);
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: { authorization, origin: 'https://elsewhere.example' },
      payload: { 'login.max_failures': 7 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const secret = authorization.replace(/^Bearer /, '');
    const asCookie = await t.app.inject({
      method: 'GET',
      url: '/api/settings',
      headers: { cookie: `metamorph_session=${secret}` },
    });
    expect(asCookie.statusCode).toBe(401);
  });
});
