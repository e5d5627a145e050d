import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type Headers } from '../../../test/auth-helpers.js';
import { createUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { resultsWorld, type ResultsWorld } from './test-results.js';
import { seedResults, type ResultsSeed } from './test-seed.js';

/**
 * Route × actor for every results route: anonymous 401; a user of no mission of the client
 * 404 (nothing leaks); members read; exports need report.export (403 after visibility); a
 * malformed mission id reads as not found. Blue-only hidden tests are covered per route in
 * dashboard.test.ts, layer.routes.test.ts and export.test.ts.
 */
type Actor = 'anon' | 'outsider' | 'blue' | 'red' | 'lead' | 'admin';

describe('results routes × actors', () => {
  let t: TestApp;
  let w: ResultsWorld;
  let seed: ResultsSeed;
  let outsider: Headers;
  beforeAll(async () => {
    t = await createTestApp();
    w = await resultsWorld(t);
    seed = await seedResults(t, w);
    const u = await createUser(t, { roleKeys: ['blue_analyst'] });
    outsider = await login(t, u.email, u.password);
  });
  afterAll(() => t.close());

  const call = (who: Actor, url: string) =>
    who === 'anon'
      ? t.app.inject({ method: 'GET', url })
      : who === 'outsider'
        ? t.app.inject({ method: 'GET', url, headers: outsider })
        : w.req(who, 'GET', url);

  it('answers each actor as the table says', async () => {
    const m = `/api/missions/${seed.a.id}`;
    const c = `client_id=${w.clientId}`;
    const table: Array<[string, Record<Actor, number>]> = [
      [`${m}/dashboard`, { anon: 401, outsider: 404, blue: 200, red: 200, lead: 200, admin: 200 }],
      [`${m}/heatmap`, { anon: 401, outsider: 404, blue: 200, red: 200, lead: 200, admin: 200 }],
      [
        `${m}/results/tests?class=detected`,
        { anon: 401, outsider: 404, blue: 200, red: 200, lead: 200, admin: 200 },
      ],
      [
        `${m}/export?format=csv`,
        { anon: 401, outsider: 404, blue: 403, red: 403, lead: 200, admin: 200 },
      ],
      [`${m}/layer`, { anon: 401, outsider: 404, blue: 403, red: 403, lead: 200, admin: 200 }],
      [
        `/api/coverage?${c}`,
        { anon: 401, outsider: 404, blue: 200, red: 200, lead: 200, admin: 200 },
      ],
      [
        `/api/coverage/layer?${c}`,
        { anon: 401, outsider: 403, blue: 403, red: 403, lead: 200, admin: 200 },
      ],
      [
        '/api/coverage?all_clients=true',
        { anon: 401, outsider: 403, blue: 403, red: 403, lead: 403, admin: 200 },
      ],
      [
        '/api/missions/not-a-uuid/dashboard',
        { anon: 401, outsider: 404, blue: 404, red: 404, lead: 404, admin: 404 },
      ],
    ];
    const got: Array<[string, Actor, number]> = [];
    const want: Array<[string, Actor, number]> = [];
    for (const [url, expected] of table) {
      for (const [who, status] of Object.entries(expected) as Array<[Actor, number]>) {
        want.push([url, who, status]);
        got.push([url, who, (await call(who, url)).statusCode]);
      }
    }
    expect(got).toEqual(want);
  });
});
