import { DrizzleQueryError } from 'drizzle-orm/errors';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { JobRow } from '../../db/schema/index.js';
import { newId } from '../ids.js';
import type { JobQueue } from './queue.js';
import { PermanentJobError, type JobHandler, type JobProgressUpdate } from './types.js';

export interface JobRunnerOptions {
  concurrency: number;
  pollMs?: number;
  /** Minimum time between two progress writes of one job. */
  progressEveryMs?: number;
  /** Told how long each job ran here and how it ended (the job-duration metric). */
  observe?: (type: string, outcome: 'succeeded' | 'failed' | 'released', seconds: number) => void;
}

/** Claims jobs from the queue and runs their handlers; one per process, N slots. */
export class JobRunner {
  readonly workerId = `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private polling = false;

  constructor(
    private readonly queue: JobQueue,
    private readonly log: FastifyBaseLogger,
    private readonly opts: JobRunnerOptions,
  ) {}

  register<P>(type: string, handler: JobHandler<P>): void {
    if (this.handlers.has(type)) throw new Error(`job type ${type} registered twice`);
    this.handlers.set(type, handler as JobHandler);
  }

  handler(type: string): JobHandler | undefined {
    return this.handlers.get(type);
  }

  start(): void {
    if (!this.stopped || this.opts.concurrency === 0) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Looks for work now (after an enqueue) instead of at the next poll. */
  wake(): void {
    if (!this.stopped) this.schedule(0);
  }

  /** Stops claiming, aborts running jobs and hands them back to the queue. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const r of this.running.values()) r.abort.abort(new Error('shutting down'));
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  /** Claims and runs at most one job to completion; for tests and the CLI. */
  async runOnce(): Promise<JobRow | undefined> {
    const job = await this.queue.claim(this.workerId, [...this.handlers.keys()]);
    if (!job) return undefined;
    await this.execute(job, new AbortController());
    return this.queue.get(job.id);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), ms);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    if (this.polling || this.stopped) return;
    this.polling = true;
    try {
      while (!this.stopped && this.running.size < this.opts.concurrency) {
        const job = await this.queue.claim(this.workerId, [...this.handlers.keys()]);
        if (!job) break;
        const abort = new AbortController();
        const done = this.execute(job, abort).finally(() => {
          this.running.delete(job.id);
          this.wake();
        });
        this.running.set(job.id, { abort, done });
      }
    } catch (err) {
      this.log.error({ err }, 'job poll failed');
    } finally {
      this.polling = false;
      this.schedule(this.opts.pollMs ?? 1000);
    }
  }

  private async execute(job: JobRow, abort: AbortController): Promise<void> {
    const handler = this.handlers.get(job.type);
    const log = this.log.child({ jobId: job.id, jobType: job.type, attempt: job.attempts });
    if (!handler)
      return this.queue.fail(job.id, this.workerId, `unknown job type ${job.type}`, true);
    let lastWrite = 0;
    let unflushed: JobProgressUpdate | undefined;
    const write = async (p: JobProgressUpdate) => {
      lastWrite = Date.now();
      unflushed = undefined;
      if (!(await this.queue.progress(job.id, this.workerId, p))) {
        abort.abort(new Error('lease lost'));
      }
    };
    const progress = async (p: JobProgressUpdate) => {
      const final = p.total != null && p.done >= p.total;
      if (!final && Date.now() - lastWrite < (this.opts.progressEveryMs ?? 250)) {
        unflushed = { ...unflushed, ...p };
        return;
      }
      await write({ ...unflushed, ...p });
    };
    // The last throttled update is written before the outcome, so a failure shows where it stopped.
    const flush = async () => {
      if (unflushed && !abort.signal.aborted) await write(unflushed);
    };
    const started = performance.now();
    const observe = (outcome: 'succeeded' | 'failed' | 'released') =>
      this.opts.observe?.(job.type, outcome, (performance.now() - started) / 1000);
    try {
      const payload = handler.parse(job.payload);
      log.info('job started');
      const result = await handler.run({ job, payload, signal: abort.signal, progress });
      if (abort.signal.aborted) throw abort.signal.reason;
      await flush();
      await this.queue.succeed(job.id, this.workerId, result);
      observe('succeeded');
      log.info('job succeeded');
    } catch (err) {
      if (abort.signal.aborted && this.stopped) {
        await this.queue.release(job.id, this.workerId);
        observe('released');
        log.warn('job handed back at shutdown');
        return;
      }
      await flush().catch(() => undefined);
      const permanent = err instanceof PermanentJobError || isParseError(err);
      const message = jobErrorMessage(err);
      observe('failed');
      log.warn({ err }, 'job failed');
      await this.queue.fail(job.id, this.workerId, message, permanent).catch((e: unknown) => {
        log.error({ err: e }, 'could not record job failure');
      });
    }
  }
}

/**
 * What a job's creator reads as its error: the cause of a failed query (never the SQL and
 * its parameters, which may hold other users' data), capped in length.
 */
export function jobErrorMessage(err: unknown): string {
  let message: string;
  if (err instanceof DrizzleQueryError) {
    message = `Database error: ${err.cause instanceof Error ? err.cause.message : 'query failed'}`;
  } else {
    message = err instanceof Error ? err.message : String(err);
  }
  return message.length > 2000 ? `${message.slice(0, 2000)}…` : message;
}

function isParseError(err: unknown): boolean {
  return err instanceof Error && err.name === 'ZodError';
}
