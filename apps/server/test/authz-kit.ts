import type { Permission } from '@metamorph/contract';
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { login, loginAdmin, tokenHeaders, type Headers } from './auth-helpers.js';
import { createUser } from './factories.js';
import type { TestApp } from './harness.js';

/**
 * The actors every permission-gated route is tried with. Mission roles (red, blue,
 * lead) are global roles here; the missions issue adds mission membership on top.
 */
export type ActorName =
  | 'anonymous'
  | 'no_role'
  | 'viewer'
  | 'red'
  | 'blue'
  | 'lead'
  | 'admin'
  | 'token_scoped'
  | 'token_unscoped';

export type Actors = Record<ActorName, Headers>;

const ROLE_OF: Partial<Record<ActorName, string[]>> = {
  no_role: [],
  viewer: ['viewer'],
  red: ['red_operator'],
  blue: ['blue_analyst'],
  lead: ['purple_lead'],
};

/**
 * Signs every actor in. `token_scoped` is an admin token holding `scope`;
 * `token_unscoped` an admin token with every permission except `scope`.
 */
export async function makeActors(t: TestApp, scope: Permission): Promise<Actors> {
  const admin = await loginAdmin(t);
  const out: Partial<Actors> = { anonymous: {}, admin };
  for (const [name, roleKeys] of Object.entries(ROLE_OF)) {
    const user = await createUser(t, { roleKeys });
    out[name as ActorName] = await login(t, user.email, user.password);
  }
  const { PERMISSIONS } = await import('@metamorph/contract');
  const scoped = await tokenHeaders(t, admin, [scope], `scoped ${scope}`);
  const unscoped = await tokenHeaders(
    t,
    admin,
    PERMISSIONS.filter((p) => p !== scope),
    `without ${scope}`,
  );
  out.token_scoped = { authorization: scoped.authorization };
  out.token_unscoped = { authorization: unscoped.authorization };
  return out as Actors;
}

/** What every actor but the admin and the scoped token gets from a route gated by one permission. */
export const DENIED_WITHOUT_PERMISSION = {
  anonymous: 401,
  no_role: 403,
  viewer: 403,
  red: 403,
  blue: 403,
  lead: 403,
  token_unscoped: 403,
} as const satisfies Partial<Record<ActorName, number>>;

export interface AuthzCase {
  name: string;
  request: InjectOptions;
  /** Expected status per actor; actors left out are not tried. */
  expect: Partial<Record<ActorName, number>>;
}

/** Runs each case for each listed actor and checks the status (route × actor → status). */
export async function checkAuthzTable(
  t: TestApp,
  actors: Actors,
  cases: AuthzCase[],
): Promise<void> {
  const failures: string[] = [];
  for (const c of cases) {
    for (const [actor, status] of Object.entries(c.expect) as [ActorName, number][]) {
      const headers = { ...(c.request.headers as Headers | undefined), ...actors[actor] };
      const res = await t.app.inject({ ...c.request, headers });
      if (res.statusCode !== status) {
        failures.push(
          `${c.name} as ${actor}: expected ${status}, got ${res.statusCode} ${res.body.slice(0, 200)}`,
        );
      }
    }
  }
  expect(failures).toEqual([]);
}
