import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { executionFixture, type ExecutionFixture } from '../execution/test-execution.js';
import { lastPresence, readyOf } from './test-live.js';
import { listenLocal, SseClient } from './test-sse.js';

describe('presence', () => {
  let t: TestApp;
  let f: ExecutionFixture;
  let base: string;
  let testId: string;
  const open = (who: 'lead' | 'red' | 'viewer', query = '') =>
    SseClient.open(`${base}/api/missions/${f.missionId}/events${query}`, {
      cookie: f.h[who].cookie ?? '',
    });
  const viewers = (c: SseClient) =>
    (lastPresence(c)?.viewers ?? []).map((v) => `${v.user_id}:${v.test_id ?? '-'}`).sort();

  beforeAll(async () => {
    t = await createTestApp();
    f = await executionFixture(t);
    base = await listenLocal(t.app);
    testId = await f.newTest();
  });
  afterAll(() => t.close());

  it('lists the viewers of the mission, follows PUT /presence and forgets closed streams', async () => {
    const conn = crypto.randomUUID();
    const lead = await open('lead', `?connection_id=${conn}&test_id=${testId}`);
    await lead.until(() => readyOf(lead) !== undefined, 'ready');
    expect(readyOf(lead)?.connection_id).toBe(conn);
    const L = f.users.lead.id;
    await lead.until(() => viewers(lead).includes(`${L}:${testId}`), 'own presence on connect');

    const red = await open('red');
    await red.until(() => readyOf(red) !== undefined, 'red ready');
    const redConn = readyOf(red)?.connection_id ?? '';
    const R = f.users.red.id;
    await lead.until(() => viewers(lead).includes(`${R}:-`), 'red arrives');
    const moved = await f.req('red', 'PUT', f.url('/presence'), {
      connection_id: redConn,
      test_id: testId,
    });
    expect(moved.statusCode, moved.body).toBe(204);
    await lead.until(() => viewers(lead).includes(`${R}:${testId}`), 'red on the test');
    const name = lastPresence(lead)?.viewers.find((v) => v.user_id === R)?.display_name;
    expect(name).toBeTruthy();

    // Somebody else's connection id is not yours to move.
    const stolen = await f.req('viewer', 'PUT', f.url('/presence'), {
      connection_id: redConn,
      test_id: null,
    });
    expect(stolen.statusCode).toBe(409);
    const badTest = await f.req('red', 'PUT', f.url('/presence'), {
      connection_id: redConn,
      test_id: crypto.randomUUID(),
    });
    expect(badTest.statusCode).toBe(404);

    red.close();
    await lead.until(() => !viewers(lead).some((v) => v.startsWith(R)), 'red leaves');
    lead.close();
  });

  it('expires entries nobody refreshed within their ttl', async () => {
    const lead = await open('lead');
    await lead.until(() => readyOf(lead) !== undefined, 'ready');
    const V = f.users.viewer.id;
    const R = f.users.red.id;
    const put = (who: 'viewer' | 'red') =>
      f.req(who, 'PUT', f.url('/presence'), { connection_id: crypto.randomUUID(), test_id: null });
    expect((await put('viewer')).statusCode).toBe(204);
    await lead.until(() => viewers(lead).includes(`${V}:-`), 'viewer present');
    t.clock.advance(60_000);
    expect((await put('red')).statusCode).toBe(204);
    await lead.until(() => viewers(lead).includes(`${R}:-`), 'red present');
    expect(viewers(lead)).not.toContain(`${V}:-`);
    lead.close();
  });
});
