import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../test/harness.js';
import { auditEvents, oidcLoginStates, userIdentities, users } from '../../../db/schema/index.js';
import { sha256Hex } from '../../../platform/crypto.js';
import type { OidcEnv } from '../../../env.js';
import { OidcClient } from './oidc.client.js';
import { OidcService } from './oidc.service.js';
import {
  CLIENT,
  OTHER_CLIENT,
  REDIRECT_URI,
  addAccount,
  ssoCallback,
  ssoStart,
  startSsoWorld,
  type SsoWorld,
} from './test-flow.js';
import {
  freePort,
  signInAtProvider,
  startTestProvider,
  type TestProvider,
} from './test-provider.js';

let world: SsoWorld;
let other: TestProvider;
beforeAll(async () => {
  world = await startSsoWorld();
  // Another issuer that knows the same client and accounts (a mix-up attacker).
  other = await startTestProvider({
    accounts: world.accounts,
    clients: [{ ...CLIENT, redirect_uris: [REDIRECT_URI] }],
  });
});
afterAll(async () => {
  await other?.close();
  await world?.close();
});

const lastFailure = async () => {
  const rows = await world.t.ctx.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, 'sso.login_failed'));
  return rows.sort((a, b) => a.seq - b.seq).at(-1)?.after;
};
const userCount = async () => (await world.t.ctx.db.select().from(users)).length;
const verified = (groups: string[] = ['red']) =>
  addAccount(world, {
    email: `${crypto.randomUUID().slice(0, 8)}@example.com`,
    email_verified: true,
    groups,
  });

/** A service sharing the app's database, with a client whose HTTP a test can route. */
function serviceWith(settings: Partial<OidcEnv>, fetchHook?: typeof fetch): OidcService {
  const base = world.t.ctx.env.oidc;
  if (!base) throw new Error('SSO is not configured');
  const merged = { ...base, ...settings };
  return new OidcService(
    world.t.ctx,
    merged,
    new OidcClient(merged, fetchHook ? { fetch: (url, init) => fetchHook(url, init) } : {}),
    world.t.app.log,
  );
}
const audit = { actor: null, ip: '127.0.0.1', userAgent: 'vitest', requestId: 'test' };
const origin = 'http://metamorph.test';

describe('OIDC callback refusals', () => {
  it('refuses a state that is not the one this browser started with', async () => {
    const users0 = await userCount();
    const mine = await ssoStart(world.t);
    const theirs = await ssoStart(world.t);
    const callback = await signInAtProvider(mine.location, verified());
    // The attacker's callback (their state) in the victim's browser (the victim's cookie).
    const res = await ssoCallback(world.t, callback, theirs.stateCookie);
    expect(res.headers.location).toBe('/login?sso_error=invalid_state');
    expect(res.cookies.find((c) => c.name === 'metamorph_session')).toBeUndefined();
    expect(await lastFailure()).toMatchObject({ reason: 'invalid_state' });
    // No state cookie at all.
    const bare = await ssoCallback(world.t, callback);
    expect(bare.headers.location).toBe('/login?sso_error=invalid_state');
    // A tampered state parameter.
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'x'.repeat(43));
    const wrong = await ssoCallback(world.t, tampered, mine.stateCookie);
    expect(wrong.headers.location).toBe('/login?sso_error=invalid_state');
    expect(await userCount()).toBe(users0);
  });

  it('refuses a replayed callback (the state is used once)', async () => {
    const started = await ssoStart(world.t);
    const callback = await signInAtProvider(started.location, verified());
    const first = await ssoCallback(world.t, callback, started.stateCookie);
    expect(first.headers.location).toBe('/');
    const again = await ssoCallback(world.t, callback, started.stateCookie);
    expect(again.headers.location).toBe('/login?sso_error=invalid_state');
    expect(await lastFailure()).toMatchObject({ detail: 'unknown or used state' });
  });

  it('refuses an expired state', async () => {
    const started = await ssoStart(world.t);
    const callback = await signInAtProvider(started.location, verified());
    world.t.clock.advance(11 * 60_000);
    const res = await ssoCallback(world.t, callback, started.stateCookie);
    expect(res.headers.location).toBe('/login?sso_error=invalid_state');
    expect(await lastFailure()).toMatchObject({ detail: 'expired state' });
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const started = await ssoStart(world.t);
    await world.t.ctx.db
      .update(oidcLoginStates)
      .set({ nonce: 'not-the-nonce-that-was-sent' })
      .where(eq(oidcLoginStates.stateHash, sha256Hex(started.stateCookie)));
    const callback = await signInAtProvider(started.location, verified());
    const res = await ssoCallback(world.t, callback, started.stateCookie);
    expect(res.headers.location).toBe('/login?sso_error=invalid_response');
    expect(JSON.stringify(await lastFailure())).toMatch(/nonce/);
  });

  it('refuses a response from another issuer', async () => {
    const login = verified();
    const started = await ssoStart(world.t);
    const at = new URL(started.location);
    const elsewhere = new URL(`${at.pathname}${at.search}`, other.issuer);
    const callback = await signInAtProvider(elsewhere.href, login);
    const res = await ssoCallback(world.t, callback, started.stateCookie);
    expect(res.headers.location).toBe('/login?sso_error=invalid_response');
    expect(JSON.stringify(await lastFailure())).toMatch(/iss/);
    const linked = await world.t.ctx.db
      .select()
      .from(userIdentities)
      .where(eq(userIdentities.subject, login));
    expect(linked).toEqual([]);
  });

  it('refuses a code issued to another client', async () => {
    const started = await ssoStart(world.t);
    const url = new URL(started.location);
    url.searchParams.set('client_id', OTHER_CLIENT.client_id);
    const callback = await signInAtProvider(url.href, verified());
    const res = await ssoCallback(world.t, callback, started.stateCookie);
    expect(res.headers.location).toBe('/login?sso_error=invalid_response');
  });

  it("refuses an ID token for another audience (the provider's real token)", async () => {
    // The token request is sent with the other client's credentials: the provider then
    // issues a genuine ID token whose audience is that client, not Metamorph.
    const basic = `Basic ${Buffer.from(`${OTHER_CLIENT.client_id}:${OTHER_CLIENT.client_secret}`).toString('base64')}`;
    const service = serviceWith({}, (url, init) => {
      const headers = new Headers(init?.headers);
      if (String(url).endsWith('/token')) headers.set('authorization', basic);
      return fetch(url, { ...init, headers });
    });
    const started = await service.start(undefined, origin);
    const url = new URL(started.location);
    url.searchParams.set('client_id', OTHER_CLIENT.client_id);
    const callback = await signInAtProvider(url.href, verified());
    const result = await service.callback({
      search: callback.search.slice(1),
      stateCookie: started.state,
      origin,
      previous: null,
      audit,
    });
    expect(result).toEqual({ location: '/login?sso_error=invalid_response' });
    expect(JSON.stringify(await lastFailure())).toMatch(/aud/);
  });

  it('reports a refusal by the provider', async () => {
    const started = await ssoStart(world.t);
    const state = new URL(started.location).searchParams.get('state') ?? '';
    const url = new URL(REDIRECT_URI);
    url.search = new URLSearchParams({ error: 'access_denied', state }).toString();
    const res = await ssoCallback(world.t, url, started.stateCookie);
    expect(res.headers.location).toBe('/login?sso_error=provider_error');
    expect(await lastFailure()).toMatchObject({ reason: 'provider_error', error: 'access_denied' });
  });

  it('refuses an unknown person when provisioning is off, and one without a role', async () => {
    for (const [settings, code] of [
      [{ jit: false }, 'not_provisioned'],
      [{ defaultRole: null }, 'no_role'],
    ] as const) {
      const before = await userCount();
      const service = serviceWith(settings);
      const started = await service.start('/x', origin);
      const callback = await signInAtProvider(started.location, verified([]));
      const result = await service.callback({
        search: callback.search.slice(1),
        stateCookie: started.state,
        origin,
        previous: null,
        audit,
      });
      expect(result).toEqual({ location: `/login?sso_error=${code}` });
      expect(await userCount()).toBe(before);
    }
  });
});

describe('OIDC configuration', () => {
  it('is off without OIDC_ISSUER; the app starts while the provider is down, and retries', async () => {
    const plain = await createTestApp();
    try {
      const status = await plain.app.inject({ method: 'GET', url: '/api/auth/oidc' });
      expect(status.json()).toEqual({ enabled: false, label: 'SSO' });
      const start = await plain.app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
      expect(start.headers.location).toBe('/login?sso_error=not_configured');
    } finally {
      await plain.close();
    }
    const port = await freePort();
    const down = await createTestApp({
      env: { OIDC_ISSUER: `http://127.0.0.1:${port}`, OIDC_CLIENT_ID: CLIENT.client_id },
    });
    let late: TestProvider | undefined;
    try {
      const first = await down.app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
      expect(first.headers.location).toBe('/login?sso_error=provider_unavailable');
      late = await startTestProvider({
        port,
        accounts: new Map(),
        clients: [{ ...CLIENT, redirect_uris: [REDIRECT_URI] }],
      });
      const second = await down.app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
      expect(String(second.headers.location)).toMatch(
        new RegExp(`^http://127.0.0.1:${port}/auth\\?`),
      );
    } finally {
      await down.close();
      await late?.close();
    }
  });
});
