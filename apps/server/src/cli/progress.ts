import { setTimeout as sleep } from 'node:timers/promises';
import type { Job } from '@metamorph/contract';
import cliProgress from 'cli-progress';

const TERMINAL = new Set<Job['status']>(['succeeded', 'failed', 'cancelled']);

/**
 * Polls a job until it ends, drawing a progress bar on a TTY (plain lines otherwise).
 * Resolves with the final job; never loops past `timeoutMs`.
 */
export async function watchJob(
  fetchJob: () => Promise<Job>,
  opts: {
    intervalMs?: number;
    timeoutMs?: number;
    out?: NodeJS.WritableStream & { isTTY?: boolean };
  } = {},
): Promise<Job> {
  const out = opts.out ?? process.stderr;
  const deadline = Date.now() + (opts.timeoutMs ?? 6 * 60 * 60 * 1000);
  const bar = new cliProgress.SingleBar(
    {
      stream: out,
      format: ' {bar} {percentage}% | {value}/{total} | {message}',
      noTTYOutput: out.isTTY !== true,
      notTTYSchedule: 2000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let job = await fetchJob();
  for (;;) {
    const total = job.progress.total ?? 0;
    const message = job.progress.message ?? job.status;
    if (!started) {
      bar.start(total, job.progress.done, { message });
      started = true;
    } else {
      bar.setTotal(total);
      bar.update(job.progress.done, { message });
    }
    if (TERMINAL.has(job.status)) break;
    if (Date.now() > deadline) throw new Error(`gave up waiting for job ${job.id}`);
    await sleep(opts.intervalMs ?? 500);
    job = await fetchJob();
  }
  bar.stop();
  return job;
}
