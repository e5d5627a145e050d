import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { executionFixture, type ExecutionFixture } from '../execution/test-execution.js';
import { eventsOf, readyOf } from '../live/test-live.js';
import { listenLocal, SseClient } from '../live/test-sse.js';
import { workspaceKit } from './test-workspace.js';

describe('bulk actions on the live mission stream', () => {
  let t: TestApp;
  let f: ExecutionFixture;
  let base: string;
  const open = async (who: 'blue' | 'purple') => {
    const c = await SseClient.open(`${base}/api/missions/${f.missionId}/events`, {
      cookie: f.h[who].cookie ?? '',
    });
    await c.until(() => readyOf(c) !== undefined, `${who} ready`);
    return c;
  };

  beforeAll(async () => {
    t = await createTestApp();
    f = await executionFixture(t, { visibility: 'blind' });
    base = await listenLocal(t.app);
  });
  afterAll(() => t.close());

  it('sends one event per changed test, and hidden ones only to those who see them', async () => {
    const k = workspaceKit(f);
    const [a, b, hidden] = (await k.tests(3)) as [string, string, string];
    await k.ok('red', { test_ids: [a, b], action: 'reveal' });
    const blue = await open('blue');
    const purple = await open('purple');

    const res = await k.ok('lead', { test_ids: [hidden, b, a], action: 'block', reason: 'down' });
    expect(res.updated).toHaveLength(3);
    const ofTests = (c: SseClient) =>
      eventsOf(c)
        .filter((e) => e.kind === 'test.changed')
        .map((e) => e.test_id)
        .sort();
    await purple.until(() => ofTests(purple).length === 3, 'purple gets three');
    expect(ofTests(purple)).toEqual([a, b, hidden].sort());
    await blue.until(() => ofTests(blue).length === 2, 'blue gets two');

    await k.ok('red', { test_ids: [hidden], action: 'reveal' });
    await blue.until(() => eventsOf(blue).some((e) => e.kind === 'test.revealed'), 'reveal');
    expect(eventsOf(blue).at(-1)).toMatchObject({ kind: 'test.revealed', test_id: hidden });
    // The blocked events of the hidden test were never sent to blue.
    expect(ofTests(blue)).toEqual([a, b].sort());
    blue.close();
    purple.close();
  });
});
