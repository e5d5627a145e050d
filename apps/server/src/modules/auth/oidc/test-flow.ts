import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.js';
import {
  signInAtProvider,
  startTestProvider,
  type TestAccount,
  type TestProvider,
} from './test-provider.js';

export const REDIRECT_URI = 'http://metamorph.test/api/auth/oidc/callback';
export const CLIENT = { client_id: 'metamorph', client_secret: 'metamorph-test-secret' };
export const OTHER_CLIENT = { client_id: 'other-app', client_secret: 'other-app-secret' };
export const ROLE_MAP = 'metamorph-admins=admin,purple=purple_lead,red=red_operator';

export interface SsoWorld {
  t: TestApp;
  provider: TestProvider;
  accounts: Map<string, TestAccount>;
  close(): Promise<void>;
}

/** A live OpenID provider and a Metamorph app configured against it. */
export async function startSsoWorld(env: Record<string, string> = {}): Promise<SsoWorld> {
  const accounts = new Map<string, TestAccount>();
  const provider = await startTestProvider({
    accounts,
    clients: [
      { ...CLIENT, redirect_uris: [REDIRECT_URI] },
      { ...OTHER_CLIENT, redirect_uris: [REDIRECT_URI] },
    ],
  });
  const t = await createTestApp({
    env: {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT.client_id,
      OIDC_CLIENT_SECRET: CLIENT.client_secret,
      OIDC_SCOPES: 'openid email profile groups',
      OIDC_REDIRECT_URI: REDIRECT_URI,
      OIDC_ROLE_CLAIM: 'groups',
      OIDC_ROLE_MAP: ROLE_MAP,
      OIDC_JIT: 'true',
      ...env,
    },
  });
  return {
    t,
    provider,
    accounts,
    async close() {
      await t.close();
      await provider.close();
    },
  };
}

/** Adds an account to the provider and returns its login name. */
export function addAccount(world: SsoWorld, claims: TestAccount): string {
  const login = `u-${randomUUID().slice(0, 8)}`;
  world.accounts.set(login, claims);
  return login;
}

/** `GET /api/auth/oidc/start`: the provider URL and the state cookie. */
export async function ssoStart(
  t: TestApp,
  returnTo?: string,
): Promise<{ location: string; stateCookie: string }> {
  const query = returnTo === undefined ? '' : `?return_to=${encodeURIComponent(returnTo)}`;
  const res = await t.app.inject({ method: 'GET', url: `/api/auth/oidc/start${query}` });
  expect(res.statusCode, res.body).toBe(302);
  const cookie = res.cookies.find((c) => c.name === 'metamorph_sso');
  if (!cookie) throw new Error(`no state cookie; redirected to ${res.headers.location}`);
  return { location: String(res.headers.location), stateCookie: cookie.value };
}

/** Hits the app's callback with the URL the provider redirected to. */
export function ssoCallback(t: TestApp, callback: URL, stateCookie?: string, extra = '') {
  return t.app.inject({
    method: 'GET',
    url: `${callback.pathname}${callback.search}`,
    headers: {
      cookie: [stateCookie ? `metamorph_sso=${stateCookie}` : '', extra].filter(Boolean).join('; '),
    },
  });
}

/** The whole flow: start, sign in at the provider as `login`, come back. */
export async function ssoSignIn(world: SsoWorld, login: string, returnTo?: string) {
  const started = await ssoStart(world.t, returnTo);
  const callback = await signInAtProvider(started.location, login);
  const res = await ssoCallback(world.t, callback, started.stateCookie);
  const session = res.cookies.find((c) => c.name === 'metamorph_session');
  return {
    res,
    location: String(res.headers.location),
    cookie: session ? `metamorph_session=${session.value}` : undefined,
  };
}
