import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { recordChange } from '../../kernel/changes.js';
import { executionFixture, type ExecutionFixture } from '../execution/test-execution.js';
import { commitChange, eventsOf, readyOf, seqsOf } from './test-live.js';
import { listenLocal, SseClient } from './test-sse.js';

describe('GET /api/missions/:id/events', () => {
  let t: TestApp;
  let f: ExecutionFixture;
  let base: string;
  const open = (
    who: keyof ExecutionFixture['h'],
    query = '',
    headers: Record<string, string> = {},
  ) =>
    SseClient.open(`${base}/api/missions/${f.missionId}/events${query}`, {
      ...(f.h[who].cookie ? { cookie: f.h[who].cookie } : {}),
      ...headers,
    });

  beforeAll(async () => {
    t = await createTestApp();
    f = await executionFixture(t);
    base = await listenLocal(t.app);
  });
  afterAll(() => t.close());

  it('answers 401 to anonymous callers and 404 to non-members and unknown missions', async () => {
    expect((await f.req('anonymous', 'GET', f.url('/events'))).statusCode).toBe(401);
    expect((await f.req('outsider', 'GET', f.url('/events'))).statusCode).toBe(404);
    const other = await f.req('admin', 'GET', '/api/missions/not-a-uuid/events');
    expect(other.statusCode).toBe(404);
    const put = await f.req('outsider', 'PUT', f.url('/presence'), {
      connection_id: crypto.randomUUID(),
      test_id: null,
    });
    expect(put.statusCode).toBe(404);
  });

  it('streams with SSE headers, a retry hint and a ready event', async () => {
    const c = await open('viewer');
    expect(c.status).toBe(200);
    expect(c.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(c.headers['cache-control']).toContain('no-cache');
    expect(c.headers['x-accel-buffering']).toBe('no');
    await c.until(() => readyOf(c) !== undefined, 'ready');
    expect(c.body).toMatch(/^retry: \d+\n\n/);
    c.close();
    await c.ended;
  });

  it('replays the events after Last-Event-ID, then delivers live ones', async () => {
    const first = await commitChange(t, f.missionId);
    await commitChange(t, f.missionId, 'evidence.changed');
    const third = await commitChange(t, f.missionId);
    const c = await open('blue', '', { 'last-event-id': String(first) });
    await c.until(() => seqsOf(c).includes(third), 'replay');
    const live = await commitChange(t, f.missionId, 'test.changed');
    await c.until(() => seqsOf(c).includes(live), 'live event');
    expect(seqsOf(c)).toEqual([first + 1, third, live]);
    expect(c.of().map((m) => m.event)).toEqual([
      'evidence.changed',
      'plan.changed',
      'test.changed',
    ]);
    expect(c.of().map((m) => m.id)).toEqual([first + 1, third, live].map(String));
    // EventSource's query-string forms resume the same way.
    const q = await open('blue', `?last_event_id=${third}`);
    await q.until(() => seqsOf(q).includes(live), 'replay by query');
    expect(seqsOf(q)).toEqual([live]);
    c.close();
    q.close();
  });

  it('delivers committed changes only: a rolled-back transaction publishes nothing', async () => {
    const c = await open('red');
    await c.until(() => readyOf(c) !== undefined, 'ready');
    const start = readyOf(c)?.seq ?? 0;
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await recordChange(tx, t.clock, { missionId: f.missionId, kind: 'evidence.removed' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const seq = await commitChange(t, f.missionId, 'evidence.added');
    expect(seq).toBe(start + 1);
    await c.until(() => seqsOf(c).includes(seq), 'the committed change');
    expect(eventsOf(c).map((e) => [e.seq, e.kind])).toEqual([[seq, 'evidence.added']]);
    c.close();
  });

  it('sees 50 concurrent writers exactly once each, in sequence order', async () => {
    const c = await open('purple');
    await c.until(() => readyOf(c) !== undefined, 'ready');
    const start = readyOf(c)?.seq ?? 0;
    await Promise.all(Array.from({ length: 50 }, () => commitChange(t, f.missionId)));
    const want = Array.from({ length: 50 }, (_, i) => start + i + 1);
    await c.until(() => seqsOf(c).length >= 50, '50 events');
    await commitChange(t, f.missionId);
    await c.until(() => seqsOf(c).length >= 51, 'a later event');
    expect(seqsOf(c)).toEqual([...want, start + 51]);
    c.close();
  });

  it('carries a change made through PUT /tests/:testId end to end', async () => {
    const testId = await f.newTest();
    const c = await open('blue');
    await c.until(() => readyOf(c) !== undefined, 'ready');
    const res = await f.req('red', 'PUT', f.url(`/tests/${testId}`), { red_comment_md: 'ran it' });
    expect(res.statusCode, res.body).toBe(200);
    await c.until(() => eventsOf(c).some((e) => e.test_id === testId), 'test.changed');
    const [e] = eventsOf(c);
    expect(e).toMatchObject({ kind: 'test.changed', test_id: testId, actor_id: f.users.red.id });
    c.close();
  });
});
