import { randomUUID } from 'node:crypto';
import { DEFAULT_ROLES, type Permission } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable, type RouteEntry } from '../src/platform/http/route-policy.js';
import { login, type Headers } from './auth-helpers.js';
import { createUser } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

/**
 * FINDINGS #8, generated from the route table (not a hand list): every write route answers
 * 401 → 404 → 403 before it reads the body, so `{}` from an actor without the route's
 * permission is 403 (never 422), and from a non-member on a mission, evidence or finding route 404.
 */

/** Global roles the sweep signs in with, by built-in role key. */
const ACTORS: Record<string, string[]> = {
  no_role: [],
  viewer: ['viewer'],
  red: ['red_operator'],
  blue: ['blue_analyst'],
  lead: ['purple_lead'],
};

/**
 * Routes whose permission depends on the body: what `{}` (not a preview) needs. The route
 * declares the weaker one (a preview is a read) and checks this one before validation.
 */
const BODY_DEPENDENT: Record<string, Permission> = {
  'POST /api/library/scenarios/from-group': 'library.write',
};

let t: TestApp;
let table: readonly RouteEntry[];
const headers: Record<string, Headers> = {};
const held: Record<string, Set<string>> = {};

beforeAll(async () => {
  t = await createTestApp();
  table = routeTable(t.app);
  for (const [name, keys] of Object.entries(ACTORS)) {
    const user = await createUser(t, { roleKeys: keys });
    headers[name] = await login(t, user.email, user.password);
    held[name] = new Set(
      DEFAULT_ROLES.filter((r) => keys.includes(r.key)).flatMap((r) => r.permissions),
    );
  }
});
afterAll(() => t?.close());

/** The route's URL with every parameter a fresh UUID (no such mission, test, user…). */
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, () => randomUUID());
const scoped = (url: string) => /^\/api\/(missions|evidence|findings)\/:id/.test(url);

describe('the permission order of every write route', () => {
  it('answers 403 (or 404 where the mission or evidence is not visible) before 422', async () => {
    const writes = table.filter((r) => r.declares !== null);
    expect(writes.length).toBeGreaterThan(50);
    const failures: string[] = [];
    let tried = 0;
    for (const route of writes) {
      const key = `${route.method} ${route.url}`;
      const declared = route.declares ?? '';
      if (declared === 'self' || declared === 'public') continue;
      const needs: string[] = BODY_DEPENDENT[key]
        ? [BODY_DEPENDENT[key]]
        : declared.startsWith('permission:')
          ? declared.slice('permission:'.length).split('|')
          : [];
      for (const [actor, perms] of Object.entries(held)) {
        const expected = scoped(route.url) ? 404 : needs.some((p) => perms.has(p)) ? null : 403;
        if (expected === null) continue;
        tried++;
        const res = await t.app.inject({
          method: route.method as 'POST',
          url: concrete(route.url),
          headers: headers[actor],
          payload: {},
        });
        if (res.statusCode !== expected) {
          failures.push(`${key} as ${actor}: ${res.statusCode}, expected ${expected}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(tried).toBeGreaterThan(150);
  });

  it('still lets a library reader preview a scenario from a group (a preview is a read)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/library/scenarios/from-group',
      headers: headers.viewer,
      payload: { group_id: 'G9999', preview: true },
    });
    expect(res.statusCode, res.body).toBe(404); // no such group in the (empty) catalog
  });
});
