import { ErrorBody, LoginResponse, MfaEnrollment, Me } from '@metamorph/contract';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../../../test/auth-helpers.js';
import { createUser } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/harness.js';
import { auditEvents, userRecoveryCodes, users } from '../../../db/schema/index.js';
import { enrolMfa, passwordStep, secondFactor, sessionCookie, totpAt } from './test-mfa.js';

const problem = (res: { json: () => unknown }) => ErrorBody.parse(res.json());

describe('TOTP enrolment and the second sign-in step', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const auditOf = (userId: string, action: string) =>
    t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, userId), eq(auditEvents.action, action)))
      .orderBy(asc(auditEvents.seq));
  const me = (headers: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: '/api/auth/me', headers });

  it('enrols: QR + URI, a wrong code changes nothing, a right one turns MFA on', async () => {
    const u = await createUser(t);
    const session = await login(t, u.email, u.password);
    const enrol = await t.app.inject({
      method: 'POST',
      url: '/api/me/mfa/enroll',
      headers: session,
    });
    expect(enrol.statusCode, enrol.body).toBe(200);
    const body = MfaEnrollment.parse(enrol.json());
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.otpauth_uri).toContain(`otpauth://totp/Metamorph:${encodeURIComponent(u.email)}`);
    expect(body.otpauth_uri).toContain(`secret=${body.secret}`);
    expect(body.qr_svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    const verify = (code: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/me/mfa/verify',
        headers: session,
        payload: { code },
      });
    const wrong = await verify(
      (Number(await totpAt(t, body.secret)) + 1).toString().padStart(6, '0').slice(-6),
    );
    expect(wrong.statusCode).toBe(422);
    expect(problem(wrong).errors?.[0]).toMatchObject({ path: 'body.code' });
    expect(problem(wrong).detail).toMatch(/code is wrong/);
    expect((await verify('12a456')).statusCode).toBe(422);
    const [row] = await t.ctx.db.select().from(users).where(eq(users.id, u.id));
    expect(row?.totpEnabledAt).toBeNull();
    expect(await auditOf(u.id, 'mfa.code_rejected')).toHaveLength(1);

    const ok = await verify(await totpAt(t, body.secret));
    expect(ok.statusCode, ok.body).toBe(200);
    const codes = (ok.json() as { recovery_codes: string[] }).recovery_codes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
    // Stored hashed only.
    const stored = await t.ctx.db
      .select()
      .from(userRecoveryCodes)
      .where(eq(userRecoveryCodes.userId, u.id));
    expect(stored).toHaveLength(10);
    expect(stored.map((s) => s.codeHash)).not.toContain(codes[0]);
    // The session id rotated: the old cookie is gone, the new one is signed in.
    expect((await me(session)).statusCode).toBe(401);
    const fresh = await me(sessionCookie(ok));
    expect(Me.parse(fresh.json())).toMatchObject({
      mfa_enabled: true,
      mfa_recovery_codes_left: 10,
    });
    expect(await auditOf(u.id, 'mfa.enabled')).toHaveLength(1);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/me/mfa/enroll',
      headers: sessionCookie(ok),
    });
    expect(again.statusCode).toBe(409);
  });

  it('sign-in asks for the code; the pending session can do nothing else', async () => {
    const u = await createUser(t, { roleKeys: ['admin'] });
    const { secret } = await enrolMfa(t, u.email, u.password);
    const pending = await passwordStep(t, u.email, u.password);
    const meRes = await me(pending);
    expect(meRes.statusCode).toBe(401);
    expect(problem(meRes).code).toBe('mfa_required');
    const list = await t.app.inject({ method: 'GET', url: '/api/users', headers: pending });
    expect(list.statusCode).toBe(401);
    const enrol = await t.app.inject({
      method: 'POST',
      url: '/api/me/mfa/enroll',
      headers: pending,
    });
    expect(enrol.statusCode).toBe(401);

    const res = await secondFactor(t, pending, await totpAt(t, secret));
    expect(res.statusCode, res.body).toBe(200);
    const body = LoginResponse.parse(res.json());
    expect(body.status).toBe('ok');
    expect(body.user?.email).toBe(u.email);
    const full = sessionCookie(res);
    expect(full.cookie).not.toBe(pending.cookie);
    expect((await me(pending)).statusCode).toBe(401);
    expect((await me(full)).statusCode).toBe(200);
    const [ok] = (await auditOf(u.id, 'auth.login_succeeded')).slice(-1);
    expect(ok?.after).toMatchObject({ second_factor: 'totp' });
  });

  it('accepts one step either side, refuses two, replays and malformed codes', async () => {
    const u = await createUser(t);
    const { secret } = await enrolMfa(t, u.email, u.password);
    t.clock.advance(30_000); // the step before now is not the one used at enrolment
    const pending = await passwordStep(t, u.email, u.password);

    const malformed = await secondFactor(t, pending, '12345');
    expect(malformed.statusCode).toBe(422);
    const tooOld = await secondFactor(t, pending, await totpAt(t, secret, -2));
    expect(tooOld.statusCode).toBe(401);
    expect(problem(tooOld).detail).toMatch(/expired/);
    const tooNew = await secondFactor(t, pending, await totpAt(t, secret, 2));
    expect(tooNew.statusCode).toBe(401);
    expect(problem(tooNew).detail).toMatch(/wrong/);

    const previous = await totpAt(t, secret, -1);
    const ok = await secondFactor(t, pending, previous);
    expect(ok.statusCode, ok.body).toBe(200);

    // The same code again (same step): refused as a replay, as is an earlier step.
    const pending2 = await passwordStep(t, u.email, u.password);
    const replay = await secondFactor(t, pending2, previous);
    expect(replay.statusCode).toBe(401);
    expect(problem(replay).detail).toMatch(/already been used/);
    const next = await secondFactor(t, pending2, await totpAt(t, secret, 1));
    expect(next.statusCode, next.body).toBe(200);
    const current = await secondFactor(
      t,
      await passwordStep(t, u.email, u.password),
      await totpAt(t, secret),
    );
    expect(current.statusCode).toBe(401);

    const rejected = await auditOf(u.id, 'mfa.code_rejected');
    expect(rejected.map((r) => (r.after as { reason: string }).reason)).toEqual([
      'expired',
      'wrong',
      'replayed',
      'replayed',
    ]);
    expect(rejected[0]?.actorEmail).toBe(u.email);
  });

  it('a recovery code works once, in any case and with or without dashes', async () => {
    const u = await createUser(t);
    const { codes } = await enrolMfa(t, u.email, u.password);
    const [first, second] = codes;
    if (!first || !second) throw new Error('no codes');
    const ok = await secondFactor(t, await passwordStep(t, u.email, u.password), first);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(LoginResponse.parse(ok.json()).user?.mfa_recovery_codes_left).toBe(9);
    const reused = await secondFactor(t, await passwordStep(t, u.email, u.password), first);
    expect(reused.statusCode).toBe(401);
    expect(problem(reused).detail).toMatch(/recovery code is wrong or has already been used/);
    // Lower case, no dashes, and a digit typed for its look-alike letter (O → 0) still match.
    const loose = second.replace(/-/g, '').toLowerCase().replace(/o/g, '0');
    const ok2 = await secondFactor(t, await passwordStep(t, u.email, u.password), loose);
    expect(ok2.statusCode, ok2.body).toBe(200);
    expect(await auditOf(u.id, 'mfa.recovery_code_used')).toHaveLength(2);
  });

  it('locks the account after repeated wrong codes, like wrong passwords', async () => {
    const u = await createUser(t);
    const { secret } = await enrolMfa(t, u.email, u.password);
    // Signing in again with the password does not reset the count.
    for (let i = 0; i < 5; i++) {
      const pending = await passwordStep(t, u.email, u.password);
      expect((await secondFactor(t, pending, '000000')).statusCode).toBe(401);
    }
    const locked = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-requested-with': 'metamorph' },
      payload: { email: u.email, password: u.password },
    });
    expect(locked.statusCode).toBe(429);
    t.clock.advance(16 * 60_000);
    const pending = await passwordStep(t, u.email, u.password);
    expect((await secondFactor(t, pending, await totpAt(t, secret))).statusCode).toBe(200);
  });

  it('the second-factor step needs a pending sign-in', async () => {
    const u = await createUser(t);
    const full = await login(t, u.email, u.password);
    const res = await secondFactor(t, full, '123456');
    expect(res.statusCode).toBe(401);
    expect(problem(res).detail).toMatch(/sign in with your email and password first/);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/auth/mfa',
      headers: { 'x-requested-with': 'metamorph' },
      payload: { code: '123456' },
    });
    expect(anonymous.statusCode).toBe(401);
    // Pending sign-ins expire after ten minutes.
    const mfaUser = await createUser(t);
    const { secret } = await enrolMfa(t, mfaUser.email, mfaUser.password);
    const pending = await passwordStep(t, mfaUser.email, mfaUser.password);
    t.clock.advance(11 * 60_000);
    expect((await secondFactor(t, pending, await totpAt(t, secret))).statusCode).toBe(401);
  });
});
