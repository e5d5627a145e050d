import { LoginResponse, MfaEnrollment, MfaRecoveryCodes } from '@metamorph/contract';
import { generate } from 'otplib';
import { expect } from 'vitest';
import { CSRF_HEADERS, login, type SessionHeaders } from '../../../../test/auth-helpers.js';
import type { TestApp } from '../../../../test/harness.js';

/** The TOTP code of `secret` at the test clock's time, `steps` 30-second steps away. */
export function totpAt(t: TestApp, secret: string, steps = 0): Promise<string> {
  const epoch = Math.floor(t.clock.now().getTime() / 1000) + steps * 30;
  return generate({ secret, epoch });
}

export function sessionCookie(res: { cookies: { name: string; value: string }[] }): SessionHeaders {
  const cookie = res.cookies.find((c) => c.name === 'metamorph_session');
  if (!cookie?.value) throw new Error('no session cookie set');
  return { cookie: `metamorph_session=${cookie.value}`, ...CSRF_HEADERS };
}

export interface Enrolled {
  secret: string;
  codes: string[];
  /** The session after enrolment (its id rotated). */
  session: SessionHeaders;
}

/** Signs in, enrols and verifies TOTP; moves the clock one step on so the next code is fresh. */
export async function enrolMfa(t: TestApp, email: string, password: string): Promise<Enrolled> {
  const session = await login(t, email, password);
  const enrol = await t.app.inject({ method: 'POST', url: '/api/me/mfa/enroll', headers: session });
  expect(enrol.statusCode, enrol.body).toBe(200);
  const { secret } = MfaEnrollment.parse(enrol.json());
  const verify = await t.app.inject({
    method: 'POST',
    url: '/api/me/mfa/verify',
    headers: session,
    payload: { code: await totpAt(t, secret) },
  });
  expect(verify.statusCode, verify.body).toBe(200);
  t.clock.advance(30_000);
  return {
    secret,
    codes: MfaRecoveryCodes.parse(verify.json()).recovery_codes,
    session: sessionCookie(verify),
  };
}

/** The password step of an MFA sign-in: the pending session's headers. */
export async function passwordStep(
  t: TestApp,
  email: string,
  password: string,
): Promise<SessionHeaders> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: CSRF_HEADERS,
    payload: { email, password },
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(LoginResponse.parse(res.json())).toEqual({ status: 'mfa_required', user: null });
  return sessionCookie(res);
}

export function secondFactor(t: TestApp, pending: SessionHeaders, code: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/mfa',
    headers: pending,
    payload: { code },
  });
}
