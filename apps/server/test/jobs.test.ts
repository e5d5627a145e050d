import { Job, JobAccepted } from '@metamorph/contract';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobs } from '../src/db/schema/index.js';
import { JobRunner } from '../src/platform/jobs/runner.js';
import { PermanentJobError } from '../src/platform/jobs/types.js';
import { DEMO_JOB, demoJob } from '../src/modules/jobs/demo.job.js';
import { loginAdmin, login, type SessionHeaders } from './auth-helpers.js';
import { createUser } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

describe('jobs', () => {
  let t: TestApp;
  let admin: SessionHeaders;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
  });
  afterAll(async () => t.close());
  beforeEach(async () => {
    await t.ctx.db.delete(jobs);
  });

  async function startDemo(body: Record<string, unknown>): Promise<Job> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/jobs/demo',
      headers: admin,
      payload: body,
    });
    expect(res.statusCode).toBe(202);
    return JobAccepted.parse(res.json()).job;
  }

  async function getJob(id: string): Promise<Job> {
    const res = await t.app.inject({ method: 'GET', url: `/api/jobs/${id}`, headers: admin });
    expect(res.statusCode).toBe(200);
    return Job.parse(res.json());
  }

  it('runs a demo job to completion with progress and result', async () => {
    const queued = await startDemo({ steps: 3, step_ms: 0 });
    expect(queued).toMatchObject({ status: 'queued', type: DEMO_JOB, attempts: 0 });
    await t.ctx.runner.runOnce();
    const done = await getJob(queued.id);
    expect(done.status).toBe('succeeded');
    expect(done.progress).toEqual({ done: 3, total: 3, message: 'step 3 of 3' });
    expect(done.result).toEqual({ counted: 3 });
    expect(done.attempts).toBe(1);
    expect(done.started_at).not.toBeNull();
    expect(done.finished_at).not.toBeNull();
  });

  it('records a failure with its message', async () => {
    const queued = await startDemo({ steps: 5, step_ms: 0, fail_at: 2 });
    await t.ctx.runner.runOnce();
    const failed = await getJob(queued.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('demo job failed at step 2');
    expect(failed.progress.done).toBe(1);
  });

  it('retries a transient failure with back-off, then fails when attempts run out', async () => {
    let calls = 0;
    const runner = new JobRunner(t.ctx.queue, t.app.log, { concurrency: 1 });
    runner.register('flaky', {
      maxAttempts: 2,
      parse: (p) => p,
      async run() {
        calls++;
        throw new Error(`transient ${calls}`);
      },
    });
    const row = await t.ctx.queue.enqueue('flaky', {}, { maxAttempts: 2 });
    await runner.runOnce();
    let current = await t.ctx.queue.get(row.id);
    expect(current).toMatchObject({ status: 'queued', attempts: 1, error: 'transient 1' });
    expect(await runner.runOnce()).toBeUndefined(); // backing off
    t.clock.advance(1_500);
    await runner.runOnce();
    current = await t.ctx.queue.get(row.id);
    expect(current).toMatchObject({ status: 'failed', attempts: 2, error: 'transient 2' });
  });

  it('a permanent error fails at once', async () => {
    const runner = new JobRunner(t.ctx.queue, t.app.log, { concurrency: 1 });
    runner.register('bad-input', {
      parse: (p) => p,
      async run() {
        throw new PermanentJobError('file is not a STIX bundle');
      },
    });
    const row = await t.ctx.queue.enqueue('bad-input', {}, { maxAttempts: 5 });
    await runner.runOnce();
    expect(await t.ctx.queue.get(row.id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it("picks up a dead worker's job after its lease expires", async () => {
    const row = await t.ctx.queue.enqueue(DEMO_JOB, { steps: 2, step_ms: 0 }, { maxAttempts: 2 });
    const claimed = await t.ctx.queue.claim('dead-worker', [DEMO_JOB]);
    expect(claimed?.id).toBe(row.id);
    // Another worker finds nothing while the lease holds...
    expect(await t.ctx.queue.claim('other', [DEMO_JOB])).toBeUndefined();
    // ...and takes it over once the lease has expired.
    t.clock.advance(t.ctx.queue.leaseMs + 1);
    const runner = new JobRunner(t.ctx.queue, t.app.log, { concurrency: 1 });
    runner.register(DEMO_JOB, demoJob);
    const final = await runner.runOnce();
    expect(final).toMatchObject({ status: 'succeeded', attempts: 2 });
    // The dead worker can no longer write to it.
    expect(await t.ctx.queue.progress(row.id, 'dead-worker', { done: 1 })).toBe(false);
  });

  it('fails a job whose worker died on its last attempt', async () => {
    const row = await t.ctx.queue.enqueue(DEMO_JOB, {}, { maxAttempts: 1 });
    await t.ctx.queue.claim('dead-worker', [DEMO_JOB]);
    t.clock.advance(t.ctx.queue.leaseMs + 1);
    expect(await t.ctx.queue.claim('other', [DEMO_JOB])).toBeUndefined();
    const failed = await t.ctx.queue.get(row.id);
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toMatch(/stopped responding/);
  });

  it('two workers never claim the same job', async () => {
    const rows = await Promise.all(
      [1, 2, 3].map(() => t.ctx.queue.enqueue(DEMO_JOB, {}, { maxAttempts: 1 })),
    );
    const claims = await Promise.all(
      ['w1', 'w2', 'w3', 'w4'].map((w) => t.ctx.queue.claim(w, [DEMO_JOB])),
    );
    const ids = claims.filter((c) => c !== undefined).map((c) => c.id);
    expect(ids.sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it('hands a running job back when the runner stops', async () => {
    const runner = new JobRunner(t.ctx.queue, t.app.log, { concurrency: 1, pollMs: 10 });
    let started!: () => void;
    const isRunning = new Promise<void>((resolve) => (started = resolve));
    runner.register('slow', {
      parse: (p) => p,
      run: ({ signal }) =>
        new Promise((_, reject) => {
          started();
          signal.addEventListener('abort', () => reject(signal.reason as Error));
        }),
    });
    const row = await t.ctx.queue.enqueue('slow', {});
    runner.start();
    await isRunning;
    await runner.stop();
    expect(await t.ctx.queue.get(row.id)).toMatchObject({ status: 'queued', attempts: 0 });
  });

  it('GET /api/jobs/:id answers 404 for an unknown job and 422 for a malformed id', async () => {
    const missing = await t.app.inject({
      method: 'GET',
      headers: admin,
      url: '/api/jobs/7d1f7e1c-1111-4c1c-9c1c-1c1c1c1c1c1c',
    });
    expect(missing.statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/jobs/42', headers: admin })).statusCode,
    ).toBe(422);
  });

  it('rejects a demo job request with invalid fields and stores nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/jobs/demo',
      headers: admin,
      payload: { steps: 0 },
    });
    expect(res.statusCode).toBe(422);
    expect(await t.ctx.db.select().from(jobs)).toHaveLength(0);
  });

  it('a job is visible to its creator and to admins only; anonymous gets 401', async () => {
    const job = await startDemo({ steps: 1, step_ms: 0 });
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/jobs/${job.id}` });
    expect(anonymous.statusCode).toBe(401);
    const other = await createUser(t, { roleKeys: ['purple_lead'] });
    const otherHeaders = await login(t, other.email, other.password);
    const hidden = await t.app.inject({
      method: 'GET',
      url: `/api/jobs/${job.id}`,
      headers: otherHeaders,
    });
    expect(hidden.statusCode).toBe(404);
    const ownJob = await t.ctx.queue.enqueue(DEMO_JOB, { steps: 1 }, { createdBy: other.id });
    const mine = await t.app.inject({
      method: 'GET',
      url: `/api/jobs/${ownJob.id}`,
      headers: otherHeaders,
    });
    expect(mine.statusCode).toBe(200);
  });

  it('a demo job needs admin.settings even in test mode: others get 403 and nothing is stored', async () => {
    for (const roleKeys of [['viewer'], ['purple_lead'], ['red_operator', 'blue_analyst']]) {
      const user = await createUser(t, { roleKeys });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/jobs/demo',
        headers: await login(t, user.email, user.password),
        payload: { steps: 1 },
      });
      expect(res.statusCode, res.body).toBe(403);
    }
    expect(await t.ctx.db.select().from(jobs)).toHaveLength(0);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/jobs/demo', payload: {} });
    expect(anonymous.statusCode).toBe(401);
  });
});
