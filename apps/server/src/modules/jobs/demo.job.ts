import { setTimeout as sleep } from 'node:timers/promises';
import { DemoJobRequest } from '@metamorph/contract';
import { PermanentJobError, type JobHandler } from '../../platform/jobs/types.js';

export const DEMO_JOB = 'demo.count';

/** Counts to `steps`, reporting progress; fails at `fail_at` if given. Exercises the job machinery. */
export const demoJob: JobHandler<DemoJobRequest> = {
  maxAttempts: 1,
  parse: (payload) => DemoJobRequest.parse(payload),
  async run({ payload, progress, signal }) {
    await progress({ done: 0, total: payload.steps, message: 'starting' });
    for (let i = 1; i <= payload.steps; i++) {
      if (payload.step_ms > 0) await sleep(payload.step_ms, undefined, { signal });
      if (payload.fail_at === i) throw new PermanentJobError(`demo job failed at step ${i}`);
      await progress({ done: i, total: payload.steps, message: `step ${i} of ${payload.steps}` });
    }
    return { counted: payload.steps };
  },
};
