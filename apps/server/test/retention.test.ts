import { LiveResync } from '@metamorph/contract';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs, missionEvents, reports, sessions } from '../src/db/schema/index.js';
import {
  executionFixture,
  type ExecutionFixture,
} from '../src/modules/execution/test-execution.js';
import { commitChange, readyOf, seqsOf } from '../src/modules/live/test-live.js';
import { listenLocal, SseClient } from '../src/modules/live/test-sse.js';
import { createTestApp, type TestApp } from './harness.js';

const DAY = 86_400_000;

describe('housekeeping: retention of events, jobs and sessions', () => {
  let t: TestApp;
  let f: ExecutionFixture;
  let base: string;
  const open = (query: string) =>
    SseClient.open(`${base}/api/missions/${f.missionId}/events${query}`, {
      cookie: f.h.red.cookie ?? '',
    });

  beforeAll(async () => {
    t = await createTestApp({ env: { EVENT_RETENTION_DAYS: '7', JOB_RETENTION_DAYS: '30' } });
    f = await executionFixture(t);
    base = await listenLocal(t.app);
  });
  afterAll(() => t.close());

  it('prunes events past the retention; a resume from before them answers resync, not a partial replay', async () => {
    const old1 = await commitChange(t, f.missionId);
    const old2 = await commitChange(t, f.missionId);
    // Recorded eight days ago (the clock is left alone: sessions would expire with it).
    await t.ctx.db
      .update(missionEvents)
      .set({ at: new Date(t.clock.now().getTime() - 8 * DAY) })
      .where(inArray(missionEvents.seq, [old1, old2]));
    const recent = await commitChange(t, f.missionId);
    const counts = await t.ctx.housekeeping.runOnce();
    expect(counts.mission_events).toBeGreaterThanOrEqual(2);
    const left = await t.ctx.db
      .select({ seq: missionEvents.seq })
      .from(missionEvents)
      .where(eq(missionEvents.missionId, f.missionId));
    const seqs = left.map((r) => Number(r.seq));
    expect(seqs).not.toContain(old1);
    expect(seqs).not.toContain(old2);
    expect(seqs).toContain(recent);

    // Resuming after old1: old2 is gone, so nothing is replayed and the client is told.
    const stale = await open(`?last_event_id=${old1}`);
    await stale.until(() => readyOf(stale) !== undefined, 'ready');
    const resync = stale.of('resync');
    expect(resync).toHaveLength(1);
    const body = LiveResync.parse(JSON.parse(resync[0]?.data ?? 'null'));
    expect(body).toMatchObject({ from_seq: old1, seq: recent });
    expect(body.reason).toMatch(/past the retention period/);
    expect(readyOf(stale)?.seq).toBe(recent);
    expect(seqsOf(stale)).toEqual([]);
    // Live events still follow on that stream.
    const next = await commitChange(t, f.missionId);
    await stale.until(() => seqsOf(stale).includes(next), 'live event');
    stale.close();

    // Resuming after old2 (the event before the oldest kept): a normal replay, no resync.
    const fine = await open(`?last_event_id=${old2}`);
    await fine.until(() => seqsOf(fine).includes(next), 'replay');
    expect(fine.of('resync')).toEqual([]);
    expect(seqsOf(fine)).toEqual([recent, next]);
    fine.close();
  });

  it('prunes finished jobs past the retention, never queued ones or one a report still points to', async () => {
    const enqueue = (type: string) => t.ctx.queue.enqueue(type, {});
    const done = await enqueue('demo.count');
    const kept = await enqueue('demo.count');
    const waiting = await enqueue('demo.count');
    const finishedAt = new Date(t.clock.now().getTime() - 31 * DAY);
    await t.ctx.db
      .update(jobs)
      .set({ status: 'succeeded', finishedAt })
      .where(eq(jobs.id, done.id));
    await t.ctx.db.update(jobs).set({ status: 'failed', finishedAt }).where(eq(jobs.id, kept.id));
    await t.ctx.db.insert(reports).values({
      id: crypto.randomUUID(),
      missionId: f.missionId,
      format: 'pdf',
      options: {} as never,
      status: 'failed',
      jobId: kept.id,
      fileName: 'r.pdf',
      createdAt: t.clock.now(),
    });
    await t.ctx.db.update(jobs).set({ createdAt: finishedAt }).where(eq(jobs.id, waiting.id));
    const counts = await t.ctx.housekeeping.runOnce();
    expect(counts.jobs).toBe(1);
    const ids = (await t.ctx.db.select({ id: jobs.id }).from(jobs)).map((r) => r.id);
    expect(ids).not.toContain(done.id);
    expect(ids).toContain(kept.id);
    expect(ids).toContain(waiting.id);
  });

  it('deletes sessions past either expiry and keeps live ones', async () => {
    const all = await t.ctx.db.select({ id: sessions.id }).from(sessions);
    const reds = await t.ctx.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(eq(sessions.userId, f.users.red.id));
    expect(reds.length).toBeGreaterThan(0);
    await t.ctx.db
      .update(sessions)
      .set({ idleExpiresAt: new Date(t.clock.now().getTime() - 1000) })
      .where(eq(sessions.userId, f.users.red.id));
    const counts = await t.ctx.housekeeping.runOnce();
    expect(counts.sessions).toBe(reds.length);
    const after = await t.ctx.db.select({ id: sessions.id }).from(sessions);
    expect(after).toHaveLength(all.length - reds.length);
    expect((await t.app.inject({ url: '/api/auth/me', headers: f.h.red })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/auth/me', headers: f.h.lead })).statusCode).toBe(200);
  });
});
