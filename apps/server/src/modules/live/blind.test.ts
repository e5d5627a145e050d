import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { executionFixture, type ExecutionFixture } from '../execution/test-execution.js';
import { commitChange, eventsOf, lastPresence, readyOf, seqsOf } from './test-live.js';
import { listenLocal, SseClient } from './test-sse.js';

describe('live events of a blind mission', () => {
  let t: TestApp;
  let f: ExecutionFixture;
  let base: string;
  const open = (who: 'blue' | 'purple' | 'red', query = '') =>
    SseClient.open(`${base}/api/missions/${f.missionId}/events${query}`, {
      cookie: f.h[who].cookie ?? '',
    });

  beforeAll(async () => {
    t = await createTestApp();
    f = await executionFixture(t, { visibility: 'blind' });
    base = await listenLocal(t.app);
  });
  afterAll(() => t.close());

  it('keeps hidden tests out of blue-only streams until red reveals them', async () => {
    const hidden = await f.newTest('Hidden one');
    const blue = await open('blue');
    const purple = await open('purple');
    await blue.until(() => readyOf(blue) !== undefined, 'blue ready');
    await purple.until(() => readyOf(purple) !== undefined, 'purple ready');

    const put = await f.req('red', 'PUT', f.url(`/tests/${hidden}`), { red_command: 'whoami' });
    expect(put.statusCode, put.body).toBe(200);
    const marker = await commitChange(t, f.missionId, 'plan.changed');
    await purple.until(() => seqsOf(purple).includes(marker), 'purple sees both');
    await blue.until(() => seqsOf(blue).includes(marker), 'blue sees the marker');
    expect(eventsOf(purple).map((e) => e.test_id)).toEqual([hidden, null]);
    expect(eventsOf(blue).map((e) => e.test_id)).toEqual([null]);

    const reveal = await f.req('red', 'POST', f.url(`/tests/${hidden}/reveal`));
    expect(reveal.statusCode, reveal.body).toBeLessThan(300);
    await blue.until(() => eventsOf(blue).some((e) => e.kind === 'test.revealed'), 'the reveal');
    expect(eventsOf(blue).at(-1)).toMatchObject({ kind: 'test.revealed', test_id: hidden });

    const after = await f.req('red', 'PUT', f.url(`/tests/${hidden}`), { red_output: 'root' });
    expect(after.statusCode, after.body).toBe(200);
    await blue.until(
      () => eventsOf(blue).filter((e) => e.test_id === hidden).length >= 2,
      'change',
    );
    blue.close();
    purple.close();
  });

  it('never replays hidden tests to blue-only members', async () => {
    const secret = await f.newTest('Still hidden');
    const from = await commitChange(t, f.missionId);
    await commitChange(t, f.missionId, 'test.changed', secret);
    await commitChange(t, f.missionId, 'evidence.added', secret);
    const last = await commitChange(t, f.missionId);
    const blue = await SseClient.open(
      `${base}/api/missions/${f.missionId}/events?after_seq=${from}`,
      {
        cookie: f.h.blue.cookie ?? '',
      },
    );
    const red = await open('red', `?after_seq=${from}`);
    await blue.until(() => seqsOf(blue).includes(last), 'blue replay');
    await red.until(() => seqsOf(red).includes(last), 'red replay');
    expect(seqsOf(blue)).toEqual([last]);
    expect(seqsOf(red)).toEqual([from + 1, from + 2, last]);
    blue.close();
    red.close();
  });

  it('hides which hidden test someone views from blue-only members', async () => {
    const secret = await f.newTest('Watched');
    const blue = await open('blue');
    await blue.until(() => readyOf(blue) !== undefined, 'ready');
    const denied = await f.req('blue', 'PUT', f.url('/presence'), {
      connection_id: crypto.randomUUID(),
      test_id: secret,
    });
    expect(denied.statusCode).toBe(404);
    const ok = await f.req('purple', 'PUT', f.url('/presence'), {
      connection_id: crypto.randomUUID(),
      test_id: secret,
    });
    expect(ok.statusCode, ok.body).toBe(204);
    const purpleId = f.users.purple.id;
    await blue.until(
      () => lastPresence(blue)?.viewers.some((v) => v.user_id === purpleId) ?? false,
      'purple in blue presence',
    );
    const seen = blue
      .of('presence')
      .flatMap((m) => (JSON.parse(m.data) as { viewers: { test_id: string | null }[] }).viewers);
    expect(seen.map((v) => v.test_id)).not.toContain(secret);
    expect(blue.body).not.toContain(secret);
    blue.close();
  });
});
