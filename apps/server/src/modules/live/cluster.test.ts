import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { openDatabase, type Database } from '../../db/client.js';
import { executionFixture, type ExecutionFixture } from '../execution/test-execution.js';
import { modules } from '../index.js';
import { makeLiveModule } from './index.js';
import { eventsOf, lastPresence, readyOf, seqsOf } from './test-live.js';
import { listenLocal, SseClient } from './test-sse.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

describe('live events across two server processes on one PostgreSQL', () => {
  let a: TestApp;
  let b: TestApp | undefined;
  let second: Database | undefined;
  let f: ExecutionFixture;

  beforeAll(async () => {
    a = await createTestApp();
    f = await executionFixture(a);
    if (!onPostgres || !a.databaseUrl) {
      console.log('[live] two-instance test skipped: PGlite is single-process by design');
      return;
    }
    // A second app with its own pool and its own LISTEN connection, as another process has.
    second = await openDatabase({ kind: 'postgres', url: a.databaseUrl, poolMax: 3 });
    b = await createTestApp({ database: second });
  });
  afterAll(async () => {
    await b?.close();
    await second?.close();
    await a.close();
  });

  it.skipIf(!onPostgres)(
    'a change committed through instance A reaches a stream on B',
    async () => {
      if (!b) throw new Error('no second instance');
      const testId = await f.newTest();
      const base = await listenLocal(b.app);
      const c = await SseClient.open(`${base}/api/missions/${f.missionId}/events`, {
        cookie: f.h.blue.cookie ?? '',
      });
      await c.until(() => readyOf(c) !== undefined, 'ready on B');
      const res = await f.req('red', 'PUT', f.url(`/tests/${testId}`), { red_comment_md: 'via A' });
      expect(res.statusCode, res.body).toBe(200);
      await c.until(() => eventsOf(c).some((e) => e.test_id === testId), 'the change on B');
      expect(eventsOf(c)[0]).toMatchObject({ kind: 'test.changed', test_id: testId });

      // Presence set through A shows on B's stream.
      const put = await f.req('red', 'PUT', f.url('/presence'), {
        connection_id: crypto.randomUUID(),
        test_id: testId,
      });
      expect(put.statusCode, put.body).toBe(204);
      const R = f.users.red.id;
      await c.until(
        () =>
          lastPresence(c)?.viewers.some((v) => v.user_id === R && v.test_id === testId) ?? false,
        'presence from A on B',
      );
      c.close();
    },
  );
});

describe('stream lifetime', () => {
  it('app.close() ends open streams and finishes', async () => {
    const t = await createTestApp();
    const f = await executionFixture(t);
    const base = await listenLocal(t.app);
    const c = await SseClient.open(`${base}/api/missions/${f.missionId}/events`, {
      cookie: f.h.viewer.cookie ?? '',
    });
    await c.until(() => readyOf(c) !== undefined, 'ready');
    await t.close();
    await c.ended;
    expect(c.status).toBe(200);
  });

  it('ends the stream of a member who is removed from the mission', async () => {
    const live = makeLiveModule({ heartbeatMs: 100 });
    const t = await createTestApp({
      modules: modules.map((m) => (m.name === 'live' ? live : m)),
    });
    try {
      const f = await executionFixture(t);
      const base = await listenLocal(t.app);
      const c = await SseClient.open(`${base}/api/missions/${f.missionId}/events`, {
        cookie: f.h.blue.cookie ?? '',
      });
      await c.until(() => readyOf(c) !== undefined, 'ready');
      const res = await f.req('lead', 'DELETE', f.url(`/members/${f.users.blue.id}`));
      expect(res.statusCode, res.body).toBeLessThan(300);
      await c.ended;
      expect(seqsOf(c)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
