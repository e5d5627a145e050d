import { MissionPlan } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Headers } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { openDatabase, type Database } from '../../db/client.js';
import { executionFixture, type ExecutionFixture } from '../execution/test-execution.js';

/**
 * The plan is served from a serialisation cached per mission change sequence: never stale
 * after a write in this instance or another one on the same database, one variant per
 * visibility, ETag and 304 on If-None-Match.
 */
describe('cached mission plan', () => {
  let a: TestApp;
  let b: TestApp;
  let second: Database | undefined;
  let f: ExecutionFixture;
  let testId: string;

  beforeAll(async () => {
    a = await createTestApp();
    f = await executionFixture(a);
    testId = await f.newTest('Cached');
    // A second app instance with its own caches: on PostgreSQL with its own pool (another
    // process's view), on PGlite on the same embedded database.
    second = a.databaseUrl
      ? await openDatabase({ kind: 'postgres', url: a.databaseUrl, poolMax: 3 })
      : undefined;
    b = await createTestApp({ database: second ?? a.database });
  });
  afterAll(async () => {
    await b?.close();
    await second?.close();
    await a?.close();
  });

  const get = (t: TestApp, h: Headers, headers: Headers = {}) =>
    t.app.inject({ method: 'GET', url: f.url('/plan'), headers: { ...h, ...headers } });
  const tests = (body: string) =>
    MissionPlan.parse(JSON.parse(body)).scenarios.flatMap((s) => s.tests);
  const stateIn = async (t: TestApp) => {
    const res = await get(t, f.h.lead);
    expect(res.statusCode, res.body).toBe(200);
    return tests(res.body).find((x) => x.id === testId)?.state;
  };

  it('a write in one instance is seen at once by the next GET in the other', async () => {
    // Both caches warm at the same sequence.
    expect(await stateIn(a)).toBe('pending');
    expect(await stateIn(b)).toBe('pending');
    expect(await stateIn(b)).toBe('pending');
    const moved = await f.req('red', 'POST', f.url(`/tests/${testId}/transition`), {
      state: 'executed',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await stateIn(b)).toBe('executed');
    expect(await stateIn(a)).toBe('executed');
    // And the other way round: a plan edit in b, read in a.
    const res = await b.app.inject({
      method: 'PATCH',
      url: f.url(`/tests/${testId}/plan`),
      headers: f.h.lead,
      payload: { planned_on: '2026-03-04' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const planned = tests((await get(a, f.h.lead)).body).find((x) => x.id === testId);
    expect(planned?.planned_on).toBe('2026-03-04');
  });

  it('blue-only members get their own variant: hidden tests never leak from the cache', async () => {
    const hidden = await f.newTest('Hidden from blue');
    const hide = await f.req('lead', 'PATCH', f.url(`/tests/${hidden}/plan`), {
      hidden_from_blue: true,
    });
    expect(hide.statusCode, hide.body).toBe(200);
    // The lead warms the cache first; blue must still not see the hidden test, twice.
    const lead = await get(a, f.h.lead);
    expect(tests(lead.body).some((x) => x.id === hidden)).toBe(true);
    for (let i = 0; i < 2; i++) {
      const blue = await get(a, f.h.blue);
      expect(blue.statusCode, blue.body).toBe(200);
      expect(tests(blue.body).some((x) => x.id === hidden)).toBe(false);
      expect(tests(blue.body).some((x) => x.id === testId)).toBe(true);
      // The lead's ETag is not blue's: no 304 for a variant blue was never sent.
      expect(blue.headers.etag).not.toBe(lead.headers.etag);
      const reval = await get(a, f.h.blue, { 'if-none-match': String(lead.headers.etag) });
      expect(reval.statusCode).toBe(200);
    }
    // Revealed (a write): blue sees it at once, in both instances.
    const reveal = await f.req('lead', 'PATCH', f.url(`/tests/${hidden}/plan`), {
      hidden_from_blue: false,
    });
    expect(reveal.statusCode, reveal.body).toBe(200);
    for (const t of [a, b]) {
      expect(tests((await get(t, f.h.blue)).body).some((x) => x.id === hidden)).toBe(true);
    }
  });

  it('ETag and 304 on If-None-Match, in either instance; a write changes the ETag', async () => {
    const first = await get(a, f.h.lead);
    expect(first.statusCode).toBe(200);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    for (const t of [a, b]) {
      const again = await get(t, f.h.lead, { 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);
    }
    // A list of tags, one of them ours, also revalidates.
    expect((await get(a, f.h.lead, { 'if-none-match': `W/"other", ${etag}` })).statusCode).toBe(
      304,
    );
    const put = await f.req('red', 'PUT', f.url(`/tests/${testId}`), { red_command: 'id' });
    expect(put.statusCode, put.body).toBe(200);
    for (const t of [b, a]) {
      const after = await get(t, f.h.lead, { 'if-none-match': etag });
      expect(after.statusCode).toBe(200);
      expect(after.headers.etag).not.toBe(etag);
      expect(tests(after.body).length).toBeGreaterThan(0);
    }
    // A member removed from the mission gets 404, never a 304 for what they had.
    const outsider = await get(a, f.h.outsider, { 'if-none-match': etag });
    expect(outsider.statusCode).toBe(404);
  });
});
