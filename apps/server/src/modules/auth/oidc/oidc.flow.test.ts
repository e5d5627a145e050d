import { CreatedUser, Me, User } from '@metamorph/contract';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADERS, loginAdmin } from '../../../../test/auth-helpers.js';
import { auditEvents, settings, userIdentities, users } from '../../../db/schema/index.js';
import {
  addAccount,
  ssoCallback,
  ssoSignIn,
  ssoStart,
  startSsoWorld,
  type SsoWorld,
} from './test-flow.js';
import { signInAtProvider } from './test-provider.js';

let world: SsoWorld;
beforeAll(async () => {
  world = await startSsoWorld();
});
afterAll(async () => {
  await world?.close();
});

const me = async (cookie: string) => {
  const res = await world.t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return Me.parse(res.json());
};
const auditFor = (userId: string, action: string) =>
  world.t.ctx.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.targetId, userId), eq(auditEvents.action, action)));
const createLocalUser = async (email: string) => {
  const admin = await loginAdmin(world.t);
  const res = await world.t.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: admin,
    payload: { email, display_name: 'Local Person', password: 'Local-Password-1234', role_ids: [] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return CreatedUser.parse(res.json()).user;
};

describe('OIDC sign-in against a live provider', () => {
  it('says whether SSO is configured', async () => {
    const res = await world.t.app.inject({ method: 'GET', url: '/api/auth/oidc' });
    expect(res.json()).toEqual({ enabled: true, label: 'SSO' });
  });

  it('provisions a new SSO-only account just in time, with the mapped role', async () => {
    const login = addAccount(world, {
      email: 'Pat.Purple@Example.com',
      email_verified: true,
      name: 'Pat Purple',
      groups: ['purple', 'unrelated'],
    });
    const { res, location, cookie } = await ssoSignIn(world, login, '/missions?tab=mine');
    expect(res.statusCode, res.body).toBe(302);
    expect(location).toBe('/missions?tab=mine');
    expect(cookie).toBeDefined();
    const profile = await me(cookie ?? '');
    expect(profile.email).toBe('pat.purple@example.com');
    expect(profile.display_name).toBe('Pat Purple');
    expect(profile.roles.map((r) => r.key)).toEqual(['purple_lead']);
    const [identity] = await world.t.ctx.db
      .select()
      .from(userIdentities)
      .where(eq(userIdentities.subject, login));
    expect(identity).toMatchObject({ issuer: world.provider.issuer, userId: profile.id });
    expect(await auditFor(profile.id, 'sso.user_provisioned')).toHaveLength(1);
    expect(await auditFor(profile.id, 'sso.login_succeeded')).toHaveLength(1);

    // SSO-only: no password, so a password login fails, and the admin view says so.
    const pw = await world.t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: CSRF_HEADERS,
      payload: { email: 'pat.purple@example.com', password: 'anything-at-all-123' },
    });
    expect(pw.statusCode).toBe(401);
    const admin = await loginAdmin(world.t);
    const view = await world.t.app.inject({
      method: 'GET',
      url: `/api/users/${profile.id}`,
      headers: admin,
    });
    expect(User.parse(view.json()).has_password).toBe(false);

    // Logout clears the local session.
    const out = await world.t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: cookie ?? '', ...CSRF_HEADERS },
    });
    expect(out.statusCode).toBe(204);
    const after = await world.t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: cookie ?? '' },
    });
    expect(after.statusCode).toBe(401);
  });

  it('signs a linked identity in again and follows group changes (audited)', async () => {
    const groups = ['red'];
    const login = addAccount(world, { email: 'rita@example.com', email_verified: true, groups });
    const first = await ssoSignIn(world, login);
    expect(first.location).toBe('/');
    const id = (await me(first.cookie ?? '')).id;
    expect((await me(first.cookie ?? '')).roles.map((r) => r.key)).toEqual(['red_operator']);

    world.accounts.set(login, {
      email: 'rita@example.com',
      email_verified: true,
      groups: ['purple'],
    });
    const second = await ssoSignIn(world, login);
    expect((await me(second.cookie ?? '')).roles.map((r) => r.key)).toEqual(['purple_lead']);
    const changes = await auditFor(id, 'sso.roles_changed');
    expect(changes.at(-1)?.before).toEqual({ roles: ['red_operator'] });
    expect(changes.at(-1)?.after).toEqual({ roles: ['purple_lead'] });
    expect(await auditFor(id, 'sso.user_provisioned')).toHaveLength(1);

    // No mapped group any more: the default role (viewer).
    world.accounts.set(login, { email: 'rita@example.com', email_verified: true, groups: [] });
    const third = await ssoSignIn(world, login);
    expect((await me(third.cookie ?? '')).roles.map((r) => r.key)).toEqual(['viewer']);
  });

  it('links an existing local account when the provider verified its email', async () => {
    const local = await createLocalUser('lee@example.com');
    const login = addAccount(world, {
      email: 'LEE@example.com',
      email_verified: true,
      groups: ['metamorph-admins'],
    });
    const { cookie } = await ssoSignIn(world, login);
    const profile = await me(cookie ?? '');
    expect(profile.id).toBe(local.id);
    expect(profile.roles.map((r) => r.key)).toEqual(['admin']);
    expect(await auditFor(local.id, 'sso.account_linked')).toHaveLength(1);
    // The local password still works: linking does not take it away.
    const [row] = await world.t.ctx.db.select().from(users).where(eq(users.id, local.id));
    expect(row?.passwordHash).not.toBeNull();
  });

  it('refuses an unverified email matching a local account: nothing linked, audited', async () => {
    const local = await createLocalUser('una@example.com');
    const login = addAccount(world, { email: 'una@example.com', email_verified: false });
    const { res, location, cookie } = await ssoSignIn(world, login);
    expect(res.statusCode).toBe(302);
    expect(location).toBe('/login?sso_error=email_unverified');
    expect(cookie).toBeUndefined();
    const linked = await world.t.ctx.db
      .select()
      .from(userIdentities)
      .where(eq(userIdentities.userId, local.id));
    expect(linked).toEqual([]);
    const [failed] = await auditFor(local.id, 'sso.login_failed');
    expect(failed?.after).toMatchObject({ reason: 'email_unverified', email: 'una@example.com' });
    const [row] = await world.t.ctx.db.select().from(users).where(eq(users.id, local.id));
    expect(row?.lastLoginAt).toBeNull();
  });

  it('does not provision an account for an unverified email', async () => {
    const login = addAccount(world, { email: 'nobody-yet@example.com', email_verified: false });
    const { location } = await ssoSignIn(world, login);
    expect(location).toBe('/login?sso_error=email_unverified');
    const rows = await world.t.ctx.db
      .select()
      .from(users)
      .where(eq(users.email, 'nobody-yet@example.com'));
    expect(rows).toEqual([]);
  });

  it('refuses a disabled account, linked or not', async () => {
    const login = addAccount(world, { email: 'dee@example.com', email_verified: true });
    const { cookie } = await ssoSignIn(world, login);
    const id = (await me(cookie ?? '')).id;
    await world.t.ctx.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, id));
    const again = await ssoSignIn(world, login);
    expect(again.location).toBe('/login?sso_error=account_disabled');
    expect(again.cookie).toBeUndefined();
    expect(await auditFor(id, 'sso.login_failed')).toHaveLength(1);
  });

  it('refuses open redirects in return_to and lands on /', async () => {
    for (const bad of [
      'https://evil.example/x',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      const login = addAccount(world, {
        email: `r${bad.length}x@example.com`,
        email_verified: true,
      });
      const { location } = await ssoSignIn(world, login, bad);
      expect(location, bad).toBe('/');
    }
  });

  it(
    'leaves the second factor of SSO-only accounts to the provider when MFA is required',
    { timeout: 30_000 },
    async () => {
      const admin = await loginAdmin(world.t);
      const on = await world.t.app.inject({
        method: 'PATCH',
        url: '/api/settings',
        headers: admin,
        payload: { 'mfa.required': true },
      });
      expect(on.statusCode, on.body).toBe(200);
      try {
        // Settings are cached for a few seconds per process: wait until a password account is
        // asked to enrol, so the check below runs with the policy in force.
        for (let i = 0; i < 40 && !(await me(admin.cookie)).mfa_enrollment_required; i++) {
          await new Promise((r) => setTimeout(r, 250));
        }
        expect((await me(admin.cookie)).mfa_enrollment_required).toBe(true);
        const login = addAccount(world, {
          email: 'sso.only@example.com',
          email_verified: true,
          groups: ['purple'],
        });
        const { cookie } = await ssoSignIn(world, login, '/');
        const profile = await me(cookie ?? '');
        expect(profile).toMatchObject({ has_password: false, mfa_enrollment_required: false });
        const missions = await world.t.app.inject({
          method: 'GET',
          url: '/api/missions',
          headers: { cookie: cookie ?? '' },
        });
        expect(missions.statusCode, missions.body).toBe(200);
      } finally {
        // The admin is asked to enrol now too: switch the policy off in the database.
        await world.t.ctx.db
          .update(settings)
          .set({ value: false })
          .where(eq(settings.key, 'mfa.required'));
      }
    },
  );

  it('signs both in when the first two sign-ins of a new person arrive together', async () => {
    const login = addAccount(world, {
      email: 'twice@example.com',
      email_verified: true,
      groups: ['red'],
    });
    const flows = [];
    for (let i = 0; i < 2; i++) {
      const started = await ssoStart(world.t, '/');
      flows.push({ started, callback: await signInAtProvider(started.location, login) });
    }
    const answers = await Promise.all(
      flows.map((f) => ssoCallback(world.t, f.callback, f.started.stateCookie)),
    );
    for (const res of answers) {
      expect(res.statusCode, res.body).toBe(302);
      expect(String(res.headers.location)).toBe('/');
    }
    const accounts = await world.t.ctx.db
      .select()
      .from(users)
      .where(eq(users.email, 'twice@example.com'));
    expect(accounts).toHaveLength(1);
    const links = await world.t.ctx.db
      .select()
      .from(userIdentities)
      .where(eq(userIdentities.userId, accounts[0]!.id));
    expect(links).toHaveLength(1);
  });
});
