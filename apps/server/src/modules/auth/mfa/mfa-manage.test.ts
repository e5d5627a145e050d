import { ErrorBody, LoginResponse, Me, MfaEnrollment, User } from '@metamorph/contract';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADERS, login, loginAdmin, tokenHeaders } from '../../../../test/auth-helpers.js';
import { createUser } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/harness.js';
import { auditEvents, users } from '../../../db/schema/index.js';
import { enrolMfa, passwordStep, secondFactor, sessionCookie, totpAt } from './test-mfa.js';

const problem = (res: { json: () => unknown }) => ErrorBody.parse(res.json());

describe('managing the second factor', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const audited = async (userId: string, action: string) =>
    (
      await t.ctx.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.targetId, userId), eq(auditEvents.action, action)))
    ).length;
  const signIn = async (email: string, password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: CSRF_HEADERS,
      payload: { email, password },
    });

  it('turning it on ends the other sessions of the account (they had the password only)', async () => {
    const u = await createUser(t, { roleKeys: ['viewer'] });
    const other = await login(t, u.email, u.password);
    const me = (h: Record<string, string>) =>
      t.app.inject({ method: 'GET', url: '/api/auth/me', headers: h });
    expect((await me(other)).statusCode).toBe(200);
    const { session } = await enrolMfa(t, u.email, u.password);
    expect((await me(other)).statusCode).toBe(401);
    expect((await me(session)).statusCode).toBe(200);
  });

  it('turns off with the password only; sign-in then needs the password alone', async () => {
    const u = await createUser(t);
    const { session } = await enrolMfa(t, u.email, u.password);
    const off = (payload: Record<string, string>) =>
      t.app.inject({ method: 'DELETE', url: '/api/me/mfa', headers: session, payload });
    expect((await off({})).statusCode).toBe(422);
    const wrong = await off({ password: 'not-my-password' });
    expect(wrong.statusCode).toBe(422);
    expect(problem(wrong).errors?.[0]).toEqual({ path: 'body.password', message: 'is incorrect' });
    const [still] = await t.ctx.db.select().from(users).where(eq(users.id, u.id));
    expect(still?.totpEnabledAt).not.toBeNull();
    const ok = await off({ password: u.password });
    expect(ok.statusCode, ok.body).toBe(204);
    expect(await audited(u.id, 'mfa.disabled')).toBe(1);
    const again = LoginResponse.parse((await signIn(u.email, u.password)).json());
    expect(again.status).toBe('ok');
    expect(again.user?.mfa_enabled).toBe(false);
    expect((await off({ password: u.password })).statusCode).toBe(409);
  });

  it('an account without a password turns MFA off with a code instead', async () => {
    const u = await createUser(t);
    const { session, secret } = await enrolMfa(t, u.email, u.password);
    await t.ctx.db.update(users).set({ passwordHash: null }).where(eq(users.id, u.id));
    const off = (payload: Record<string, string>) =>
      t.app.inject({ method: 'DELETE', url: '/api/me/mfa', headers: session, payload });
    const noCode = await off({ password: 'anything-at-all' });
    expect(noCode.statusCode).toBe(422);
    expect(problem(noCode).errors?.[0]).toEqual({ path: 'body.code', message: 'is required' });
    const wrong = await off({ code: '000000' });
    expect(wrong.statusCode).toBe(422);
    expect(problem(wrong).detail).toMatch(/code is wrong/);
    expect((await off({ code: await totpAt(t, secret) })).statusCode).toBe(204);
  });

  it('regenerates recovery codes: the old ones stop working', async () => {
    const u = await createUser(t);
    const { session, codes } = await enrolMfa(t, u.email, u.password);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/me/mfa/recovery-codes',
      headers: session,
      payload: { password: u.password },
    });
    expect(res.statusCode, res.body).toBe(200);
    const fresh = (res.json() as { recovery_codes: string[] }).recovery_codes;
    expect(fresh).toHaveLength(10);
    const old = await secondFactor(t, await passwordStep(t, u.email, u.password), codes[0] ?? '');
    expect(old.statusCode).toBe(401);
    const ok = await secondFactor(t, await passwordStep(t, u.email, u.password), fresh[0] ?? '');
    expect(ok.statusCode).toBe(200);
    expect(await audited(u.id, 'mfa.recovery_codes_regenerated')).toBe(1);
  });

  it('an admin resets it (audited, sessions end); others may not', async () => {
    const u = await createUser(t);
    const { session } = await enrolMfa(t, u.email, u.password);
    const viewer = await createUser(t, { roleKeys: ['viewer'] });
    const reset = (headers: Record<string, string>, id = u.id) =>
      t.app.inject({ method: 'POST', url: `/api/users/${id}/reset-mfa`, headers });
    expect((await reset(await login(t, viewer.email, viewer.password))).statusCode).toBe(403);
    expect((await reset({})).statusCode).toBe(401);
    const admin = await loginAdmin(t);
    const res = await reset(admin);
    expect(res.statusCode, res.body).toBe(200);
    expect(User.parse(res.json()).mfa_enabled).toBe(false);
    expect(await audited(u.id, 'mfa.reset')).toBe(1);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: session });
    expect(me.statusCode).toBe(401);
    expect(LoginResponse.parse((await signIn(u.email, u.password)).json()).status).toBe('ok');
    expect((await reset(admin)).statusCode).toBe(409);
    expect((await reset(admin, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('API tokens of an MFA user keep working, and cannot manage MFA', async () => {
    const u = await createUser(t, { roleKeys: ['viewer'] });
    const { session } = await enrolMfa(t, u.email, u.password);
    const { authorization } = await tokenHeaders(t, session, ['library.read']);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization },
    });
    expect(me.statusCode, me.body).toBe(200);
    expect(Me.parse(me.json())).toMatchObject({ mfa_enabled: true, auth: { method: 'token' } });
    const off = await t.app.inject({
      method: 'DELETE',
      url: '/api/me/mfa',
      headers: { authorization },
      payload: { password: u.password },
    });
    expect(off.statusCode).toBe(403);
  });

  it('with mfa.required, a user without MFA must enrol before anything else', async () => {
    const admin = await loginAdmin(t);
    // Once it is on, the admin's own session must enrol too: switch it back with a token.
    const adminToken = await tokenHeaders(t, admin, ['admin.settings']);
    const setting = (value: boolean) =>
      t.app.inject({
        method: 'PATCH',
        url: '/api/settings',
        headers: { authorization: adminToken.authorization },
        payload: { 'mfa.required': value },
      });
    const u = await createUser(t, { roleKeys: ['viewer'] });
    const token = await tokenHeaders(t, await login(t, u.email, u.password), ['library.read']);
    // Settings changes apply to the very next request (kernel/settings.ts): no wait.
    expect((await setting(true)).statusCode).toBe(200);
    try {
      const res = await signIn(u.email, u.password);
      const body = LoginResponse.parse(res.json());
      expect(body.status).toBe('mfa_enrollment_required');
      expect(body.user?.mfa_enrollment_required).toBe(true);
      const session = sessionCookie(res);
      const blocked = await t.app.inject({ method: 'GET', url: '/api/missions', headers: session });
      expect(blocked.statusCode).toBe(403);
      expect(problem(blocked).code).toBe('mfa_enrollment_required');
      // Tokens are a separate credential: not held up.
      const viaToken = await t.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { authorization: token.authorization },
      });
      expect(viaToken.statusCode).toBe(200);
      const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: session });
      expect(me.statusCode).toBe(200);
      const enrol = await t.app.inject({
        method: 'POST',
        url: '/api/me/mfa/enroll',
        headers: session,
      });
      const { secret } = MfaEnrollment.parse(enrol.json());
      const verify = await t.app.inject({
        method: 'POST',
        url: '/api/me/mfa/verify',
        headers: session,
        payload: { code: await totpAt(t, secret) },
      });
      expect(verify.statusCode, verify.body).toBe(200);
      const after = sessionCookie(verify);
      const open = await t.app.inject({ method: 'GET', url: '/api/missions', headers: after });
      expect(open.statusCode, open.body).toBe(200);
      // The admin had no MFA either: enrolment is due for them too.
      const adminMe = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: admin });
      expect(Me.parse(adminMe.json()).mfa_enrollment_required).toBe(true);
    } finally {
      expect((await setting(false)).statusCode).toBe(200);
    }
  });
});
