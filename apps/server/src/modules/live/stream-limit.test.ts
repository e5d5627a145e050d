import { ErrorBody } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, tokenHeaders } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { executionFixture, type ExecutionFixture } from '../execution/test-execution.js';
import { readyOf } from './test-live.js';
import { listenLocal, SseClient } from './test-sse.js';

/** FINDINGS #11: one user could hold any number of event streams. */
describe('event streams per user and per session', () => {
  let t: TestApp;
  let f: ExecutionFixture;
  let base: string;
  const opened: SseClient[] = [];
  const open = async (headers: Record<string, string>) => {
    const c = await SseClient.open(`${base}/api/missions/${f.missionId}/events`, headers);
    opened.push(c);
    if (c.status === 200) await c.until(() => readyOf(c) !== undefined, 'ready');
    else await c.ended;
    return c;
  };
  const close = async (c: SseClient) => {
    c.close();
    await c.ended;
  };
  /** The server frees the slot when it sees the close; a retry loop, not a timing assertion. */
  const openWhenFree = async (headers: Record<string, string>) => {
    for (let i = 0; i < 50; i++) {
      const c = await open(headers);
      if (c.status === 200) return c;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the closed stream never freed its slot');
  };

  beforeAll(async () => {
    t = await createTestApp({
      env: { LIVE_MAX_STREAMS_PER_USER: '3', LIVE_MAX_STREAMS_PER_SESSION: '2' },
    });
    f = await executionFixture(t);
    base = await listenLocal(t.app);
  });
  afterAll(async () => {
    for (const c of opened) c.close();
    await t.close();
  });

  it('caps one session, then the user across sessions; 429 problem+json with Retry-After', async () => {
    const first = f.h.red;
    const a1 = await open(first);
    const a2 = await open(first);
    expect([a1.status, a2.status]).toEqual([200, 200]);
    const over = await open(first);
    expect(over.status).toBe(429);
    expect(over.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    const problem = ErrorBody.parse(JSON.parse(over.body));
    expect(problem.code).toBe('rate_limited');
    expect(problem.detail).toMatch(/2 event streams are already open for this session/);

    // A second session of the same user gets the rest of the user's allowance (3).
    const second = await login(t, f.users.red.email, f.users.red.password);
    const b1 = await open(second);
    expect(b1.status).toBe(200);
    const userOver = await open(second);
    expect(userOver.status).toBe(429);
    expect(ErrorBody.parse(JSON.parse(userOver.body)).detail).toMatch(
      /3 event streams are already open for this user/,
    );

    // Nobody else is affected.
    const other = await open(f.h.blue);
    expect(other.status).toBe(200);
    await close(other);

    // A closed stream frees its slot.
    await close(a1);
    const again = await openWhenFree(first);
    expect(again.status).toBe(200);
    for (const c of [a2, b1, again]) await close(c);
  });

  it('counts API-token streams against their user', async () => {
    const { authorization } = await tokenHeaders(t, f.h.blue, ['mission.write_blue_fields']);
    const token = { authorization };
    const streams = [await open(token), await open(token), await open(token)];
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200]);
    const over = await open(token);
    expect(over.status).toBe(429);
    expect(ErrorBody.parse(JSON.parse(over.body)).detail).toMatch(/for this user/);
    for (const s of streams) await close(s);
    expect((await openWhenFree(token)).status).toBe(200);
  });
});

describe('event streams per process', () => {
  let t: TestApp;
  let f: ExecutionFixture;
  let base: string;
  const opened: SseClient[] = [];
  beforeAll(async () => {
    t = await createTestApp({ env: { LIVE_MAX_STREAMS_PER_PROCESS: '2' } });
    f = await executionFixture(t);
    base = await listenLocal(t.app);
  });
  afterAll(async () => {
    for (const c of opened) c.close();
    await t.close();
  });

  it('refuses the stream past the process cap with 429, whoever asks', async () => {
    const open = async (headers: Record<string, string>) => {
      const c = await SseClient.open(`${base}/api/missions/${f.missionId}/events`, headers);
      opened.push(c);
      if (c.status === 200) await c.until(() => readyOf(c) !== undefined, 'ready');
      else await c.ended;
      return c;
    };
    expect((await open(f.h.red)).status).toBe(200);
    expect((await open(f.h.blue)).status).toBe(200);
    const over = await open(f.h.lead);
    expect(over.status).toBe(429);
    expect(ErrorBody.parse(JSON.parse(over.body)).detail).toMatch(
      /This server process already holds 2 event streams/,
    );
  });
});
