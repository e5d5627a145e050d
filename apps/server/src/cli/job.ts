import { Job } from '@metamorph/contract';
import type { Command } from 'commander';
import pino from 'pino';
import { openAndMigrate } from '../bootstrap.js';
import { parseEnv } from '../env.js';
import { systemClock } from '../platform/clock.js';
import { JobQueue } from '../platform/jobs/queue.js';
import { JobRunner } from '../platform/jobs/runner.js';
import { DEMO_JOB, demoJob } from '../modules/jobs/index.js';
import { toJobWire } from '../platform/jobs/wire.js';
import { watchJob } from './progress.js';

function finish(job: Job): void {
  if (job.status === 'succeeded') {
    process.stdout.write(`job ${job.id} succeeded: ${JSON.stringify(job.result)}\n`);
    return;
  }
  process.stderr.write(`job ${job.id} ${job.status}: ${job.error ?? ''}\n`);
  process.exitCode = 1;
}

export function registerJobCommands(program: Command): void {
  const job = program.command('job').description('Inspect long-running jobs');
  job
    .command('watch <id>')
    .description('Follow a job of a running server with a progress bar')
    .option('--url <url>', 'server URL', process.env.METAMORPH_URL ?? 'http://127.0.0.1:8080')
    .option('--token <token>', 'API token (or METAMORPH_TOKEN)', process.env.METAMORPH_TOKEN)
    .action(async (id: string, opts: { url: string; token?: string }) => {
      if (!opts.token) throw new Error('an API token is needed: --token or METAMORPH_TOKEN');
      const headers = { authorization: `Bearer ${opts.token}` };
      const fetchJob = async () => {
        const res = await fetch(new URL(`/api/jobs/${encodeURIComponent(id)}`, opts.url), {
          headers,
        });
        if (!res.ok) throw new Error(`GET /api/jobs/${id}: HTTP ${res.status} ${await res.text()}`);
        return Job.parse(await res.json());
      };
      finish(await watchJob(fetchJob));
    });
  job
    .command('demo')
    .description('Run the demo job in this process against the database, with a progress bar')
    .option('--steps <n>', 'steps to count', '20')
    .action(async (opts: { steps: string }) => {
      const env = parseEnv();
      const log = pino({ level: 'warn' });
      const database = await openAndMigrate(env, log);
      try {
        const queue = new JobQueue(database.db, systemClock);
        const runner = new JobRunner(queue, log, { concurrency: 1, progressEveryMs: 50 });
        runner.register(DEMO_JOB, demoJob);
        const row = await queue.enqueue(DEMO_JOB, { steps: Number(opts.steps), step_ms: 100 });
        const running = runner.runOnce();
        const final = await watchJob(
          async () => {
            const current = await queue.get(row.id);
            if (!current) throw new Error('job vanished');
            return toJobWire(current);
          },
          { intervalMs: 100 },
        );
        await running;
        finish(final);
      } finally {
        await database.close();
      }
    });
}
