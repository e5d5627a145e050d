import { DemoJobRequest, IdParams, Job, JobAccepted } from '@metamorph/contract';
import type { AppModule } from '../../context.js';
import { requireActor } from '../../platform/authz.js';
import { notFound } from '../../platform/errors.js';
import { DEMO_JOB, demoJob } from './demo.job.js';
import { toJobWire } from '../../platform/jobs/wire.js';

export { DEMO_JOB, demoJob } from './demo.job.js';

export const jobsModule: AppModule = {
  name: 'jobs',
  jobs: () => ({ [DEMO_JOB]: demoJob }),
  housekeeping: (ctx) => [
    {
      name: 'jobs',
      run: (now) => ctx.queue.pruneFinished(new Date(now.getTime() - ctx.env.retention.jobsMs)),
    },
  ],
  routes(app, ctx) {
    ctx.metrics.gauge(
      'metamorph_jobs',
      'Jobs in the queue by status (queued includes retries waiting for run_after)',
      ['status'],
      async () =>
        (await ctx.queue.countByStatus()).map(([status, n]) => ({ labels: { status }, value: n })),
    );
    app.get(
      '/api/jobs/:id',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['jobs'],
          summary:
            'Status, progress and result of a long-running job (its creator, or admin.settings)',
          params: IdParams,
          response: { 200: Job },
        },
      },
      async (request) => {
        const actor = requireActor(request.actor);
        const row = await ctx.queue.get(request.params.id);
        // Someone else's job does not exist for you (no existence leak).
        const visible =
          row && (row.createdBy === actor.userId || actor.permissions.has('admin.settings'));
        if (!visible) throw notFound('Job');
        return toJobWire(row);
      },
    );
    // A diagnostic for the job machinery (e2e, tests): absent outside METAMORPH_TEST_MODE,
    // and even there only for admins, so no other user can fill the queue with it.
    if (!ctx.env.testMode) return;
    app.post(
      '/api/jobs/demo',
      {
        config: { permission: 'admin.settings' },
        schema: {
          tags: ['test mode'],
          summary: 'Start a demo job (test mode only, admin.settings)',
          body: DemoJobRequest,
          response: { 202: JobAccepted },
        },
      },
      async (request, reply) => {
        const row = await ctx.queue.enqueue(DEMO_JOB, request.body, {
          maxAttempts: request.body.attempts,
          createdBy: requireActor(request.actor).userId,
        });
        ctx.runner.wake();
        return reply.code(202).send({ job: toJobWire(row) });
      },
    );
  },
};
