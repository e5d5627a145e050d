import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { jobs, type JobRow } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import type { JobProgressUpdate } from './types.js';
import { sqlRows } from '../sql-rows.js';

export interface EnqueueOptions {
  maxAttempts?: number;
  createdBy?: string | null;
  runAfter?: Date;
}

const JOB_STATUSES: JobRow['status'][] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

/** Persistence of the job queue; every state change is one statement. */
export class JobQueue {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    readonly leaseMs = 30_000,
  ) {}

  async enqueue(type: string, payload: unknown, opts: EnqueueOptions = {}): Promise<JobRow> {
    const now = this.clock.now();
    const [row] = await this.db
      .insert(jobs)
      .values({
        id: newId(),
        type,
        payload: payload ?? {},
        maxAttempts: opts.maxAttempts ?? 3,
        createdBy: opts.createdBy ?? null,
        runAfter: opts.runAfter ?? now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert into jobs returned nothing');
    return row;
  }

  async get(id: string): Promise<JobRow | undefined> {
    const [row] = await this.db.select().from(jobs).where(eq(jobs.id, id));
    return row;
  }

  /** How many jobs each status holds (the queue-depth metric); statuses with none are 0. */
  async countByStatus(): Promise<[JobRow['status'], number][]> {
    const rows = await this.db
      .select({ status: jobs.status, n: sql<number>`count(*)::int` })
      .from(jobs)
      .groupBy(jobs.status);
    const counts = new Map(rows.map((r) => [r.status, r.n]));
    return JOB_STATUSES.map((s) => [s, counts.get(s) ?? 0]);
  }

  /**
   * Deletes finished jobs (succeeded, failed, cancelled) that ended before `before`, except
   * those a row elsewhere still points to (a report keeps its job): every foreign key onto
   * `jobs` is read from the catalog, so a module that references jobs needs no hook here.
   */
  async pruneFinished(before: Date): Promise<number> {
    const refs = await sqlRows<{ tbl: string; col: string }>(
      this.db,
      sql`SELECT cl.relname AS tbl, a.attname AS col
          FROM pg_constraint c
          JOIN pg_class cl ON cl.oid = c.conrelid
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
          WHERE c.contype = 'f' AND c.confrelid = 'jobs'::regclass`,
    );
    const kept = refs.map(
      (r) =>
        sql` AND NOT EXISTS (SELECT 1 FROM ${sql.identifier(r.tbl)} ref WHERE ref.${sql.identifier(r.col)} = ${jobs.id})`,
    );
    const gone = await sqlRows<{ id: string }>(
      this.db,
      sql`DELETE FROM ${jobs}
          WHERE ${jobs.status} IN ('succeeded', 'failed', 'cancelled')
            AND ${jobs.finishedAt} < ${before.toISOString()}::timestamptz${sql.join(kept, sql``)}
          RETURNING ${jobs.id} AS id`,
    );
    return gone.length;
  }

  /**
   * Claims the oldest runnable job of the given types: queued and due, or running
   * with an expired lease (its worker died). Jobs whose lease expired on their last
   * attempt are failed first.
   */
  async claim(workerId: string, types: string[]): Promise<JobRow | undefined> {
    if (types.length === 0) return undefined;
    const now = this.clock.now();
    const until = new Date(now.getTime() + this.leaseMs);
    const typeList = sql.join(
      types.map((t) => sql`${t}`),
      sql`, `,
    );
    await this.db
      .update(jobs)
      .set({
        status: 'failed',
        error: 'The worker running this job stopped responding and no attempts are left',
        finishedAt: now,
        updatedAt: now,
        lockedBy: null,
        lockedUntil: null,
      })
      .where(
        sql`${jobs.status} = 'running' and ${jobs.lockedUntil} < ${now} and ${jobs.attempts} >= ${jobs.maxAttempts}`,
      );
    const [row] = await this.db
      .update(jobs)
      .set({
        status: 'running',
        attempts: sql`${jobs.attempts} + 1`,
        lockedBy: workerId,
        lockedUntil: until,
        startedAt: sql`coalesce(${jobs.startedAt}, ${now})`,
        updatedAt: now,
      })
      .where(
        eq(
          jobs.id,
          sql`(select id from jobs where type in (${typeList}) and (
                (status = 'queued' and run_after <= ${now})
             or (status = 'running' and locked_until < ${now} and attempts < max_attempts))
             order by created_at, id limit 1 for update skip locked)`,
        ),
      )
      .returning();
    return row;
  }

  /** Records progress and renews the lease; false when this worker no longer owns the job. */
  async progress(id: string, workerId: string, p: JobProgressUpdate): Promise<boolean> {
    const now = this.clock.now();
    const rows = await this.db
      .update(jobs)
      .set({
        progressDone: Math.max(0, Math.floor(p.done)),
        ...(p.total !== undefined ? { progressTotal: p.total } : {}),
        ...(p.message !== undefined ? { progressMessage: p.message } : {}),
        lockedUntil: new Date(now.getTime() + this.leaseMs),
        updatedAt: now,
      })
      .where(this.owned(id, workerId))
      .returning({ id: jobs.id });
    return rows.length > 0;
  }

  async succeed(id: string, workerId: string, result: unknown): Promise<void> {
    const now = this.clock.now();
    await this.db
      .update(jobs)
      .set({
        status: 'succeeded',
        result: result ?? null,
        error: null,
        finishedAt: now,
        updatedAt: now,
        lockedBy: null,
        lockedUntil: null,
      })
      .where(this.owned(id, workerId));
  }

  /** Fails the job for good, or puts it back in the queue with a back-off when attempts remain. */
  async fail(id: string, workerId: string, error: string, permanent: boolean): Promise<void> {
    const now = this.clock.now();
    const [row] = await this.db
      .select({ attempts: jobs.attempts, max: jobs.maxAttempts })
      .from(jobs)
      .where(eq(jobs.id, id));
    const retry = !permanent && row !== undefined && row.attempts < row.max;
    await this.db
      .update(jobs)
      .set(
        retry
          ? {
              status: 'queued',
              error,
              runAfter: new Date(now.getTime() + 1000 * 2 ** (row.attempts - 1)),
              updatedAt: now,
              lockedBy: null,
              lockedUntil: null,
            }
          : {
              status: 'failed',
              error,
              finishedAt: now,
              updatedAt: now,
              lockedBy: null,
              lockedUntil: null,
            },
      )
      .where(this.owned(id, workerId));
  }

  /** Hands a job back untouched (shutdown): the attempt does not count. */
  async release(id: string, workerId: string): Promise<void> {
    await this.db
      .update(jobs)
      .set({
        status: 'queued',
        attempts: sql`greatest(${jobs.attempts} - 1, 0)`,
        lockedBy: null,
        lockedUntil: null,
        updatedAt: this.clock.now(),
      })
      .where(this.owned(id, workerId));
  }

  private owned(id: string, workerId: string) {
    return and(eq(jobs.id, id), eq(jobs.lockedBy, workerId), eq(jobs.status, 'running'));
  }
}
