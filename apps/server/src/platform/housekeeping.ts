import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from './clock.js';

/** One kind of stale data a module deletes (expired sessions, old events, finished jobs). */
export interface HousekeepingTask {
  name: string;
  /** Deletes what is stale at `now`; returns how many rows went. */
  run(now: Date): Promise<number>;
}

export const HOUSEKEEPING_EVERY_MS = 60 * 60_000;

/**
 * Runs every module's pruning at start and then hourly, in every process (the deletes are
 * idempotent: two processes pruning at once only repeat work). A failing task is logged and
 * the others still run.
 */
export class Housekeeping {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly tasks: readonly HousekeepingTask[],
    private readonly clock: Clock,
    private readonly log: FastifyBaseLogger,
    private readonly everyMs = HOUSEKEEPING_EVERY_MS,
  ) {}

  /** Runs each task once; the count per task, or null for one that failed. */
  async runOnce(): Promise<Record<string, number | null>> {
    const out: Record<string, number | null> = {};
    const now = this.clock.now();
    for (const task of this.tasks) {
      try {
        out[task.name] = await task.run(now);
      } catch (err) {
        this.log.warn({ err, task: task.name }, 'housekeeping task failed');
        out[task.name] = null;
      }
    }
    const pruned = Object.entries(out).filter(([, n]) => n !== null && n > 0);
    if (pruned.length > 0) this.log.info({ pruned: Object.fromEntries(pruned) }, 'housekeeping');
    return out;
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      void this.runOnce().finally(() => {
        if (this.timer) this.timer = setTimeout(tick, this.everyMs).unref();
      });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
