import { Finding } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { findingsWorld, type FindingsWorld, type Who } from './test-world.js';

/**
 * Route × actor for every findings route: anonymous 401; a user outside the mission 404
 * (nothing leaks, for mission and finding routes alike); members read; leads write (403 for
 * red and blue after visibility); exports need report.export; malformed ids read as 404.
 * Hidden-from-blue findings are covered in findings.test.ts.
 */
type Actor = 'anon' | Who;

describe('findings routes × actors', () => {
  let t: TestApp;
  let w: FindingsWorld;
  let missionId: string;
  let otherId: string;
  let findingId: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await findingsWorld(t);
    const m = await w.newMission('Q1 exercise');
    const o = await w.newMission('Q2 exercise');
    missionId = m.id;
    otherId = o.id;
    await w.review(m, await w.firstTest(m.id), 'not_detected');
    const f = await w.ok('lead', 'POST', `/api/missions/${m.id}/findings`, {
      title: 'Seen by all members',
      test_ids: [await w.firstTest(m.id)],
    });
    findingId = Finding.parse(f.json()).id;
  });
  afterAll(() => t.close());

  // DELETE carries a stale If-Match: allowed callers get 409, so the finding survives the table.
  const call = (
    who: Actor,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ) => {
    const headers: Record<string, string> = method === 'DELETE' ? { 'if-match': '"99"' } : {};
    return who === 'anon'
      ? t.app.inject({
          method,
          url,
          headers,
          ...(body === undefined ? {} : { payload: body as object }),
        })
      : w.req(who, method, url, body, headers);
  };

  it('answers each actor as the table says', async () => {
    const m = `/api/missions/${missionId}`;
    const f = `/api/findings/${findingId}`;
    const all = (n: number) => ({ anon: 401, outsider: 404, blue: n, red: n, lead: n, admin: n });
    const leads = (n: number) => ({
      anon: 401,
      outsider: 404,
      blue: 403,
      red: 403,
      lead: n,
      admin: n,
    });
    // Bodies that would fail validation (422) prove the 403/404 came first; leads get 422.
    const table: Array<
      [string, 'GET' | 'POST' | 'PATCH' | 'DELETE', string, unknown, Record<Actor, number>]
    > = [
      ['list', 'GET', `${m}/findings`, undefined, all(200)],
      ['create', 'POST', `${m}/findings`, { nope: 1 }, leads(422)],
      ['draft', 'POST', `${m}/findings/draft`, { nope: 1 }, leads(422)],
      ['accept', 'POST', `${m}/findings/accept`, { proposals: [] }, leads(422)],
      ['get', 'GET', f, undefined, all(200)],
      ['patch', 'PATCH', f, { nope: 1 }, leads(422)],
      ['delete (stale If-Match)', 'DELETE', f, undefined, leads(409)],
      ['retest', 'POST', `${m}/retest`, { finding_ids: [] }, leads(422)],
      ['compare', 'GET', `${m}/compare/${otherId}`, undefined, all(200)],
      ['export', 'GET', `${m}/findings/export?format=csv`, undefined, leads(200)],
      ['layer', 'GET', `${m}/findings/layer`, undefined, leads(200)],
      ['bad finding id', 'GET', '/api/findings/not-a-uuid', undefined, { ...all(404), anon: 401 }],
      ['bad other id', 'GET', `${m}/compare/nope`, undefined, { ...all(404), anon: 401 }],
    ];
    const got: string[] = [];
    const want: string[] = [];
    for (const [name, method, url, body, expected] of table) {
      for (const [who, status] of Object.entries(expected) as Array<[Actor, number]>) {
        want.push(`${name} ${who} ${status}`);
        got.push(`${name} ${who} ${(await call(who, method, url, body)).statusCode}`);
      }
    }
    expect(got).toEqual(want);
  });
});
