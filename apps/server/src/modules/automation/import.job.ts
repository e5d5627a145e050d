import { Uuid, type ExecutionImportReport } from '@metamorph/contract';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { jobs } from '../../db/schema/index.js';
import { jobActingAs } from '../../kernel/job-actor.js';
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { accountId } from '../../platform/authz.js';
import { JobQueue } from '../../platform/jobs/queue.js';
import { DomainError } from '../../platform/errors.js';
import { PermanentJobError, type JobHandler } from '../../platform/jobs/types.js';
import { applyExecutionImport } from './apply.js';
import { parseExecutionFile, type ParsedFile } from './formats/detect.js';
import { EXECUTION_IMPORT_LIMITS } from '@metamorph/contract';

export const EXECUTION_IMPORT_JOB = 'mission.import_execution';

export const ExecutionImportPayload = z.strictObject({
  mission_id: Uuid,
  files: z
    .array(
      z.strictObject({
        upload: z.string().regex(/^[0-9a-f]{64}$/),
        filename: z.string().max(300),
        size: z.number().int().min(0),
      }),
    )
    .min(1),
  create_unmatched: z.boolean(),
  overwrite: z.boolean(),
  dry_run: z.boolean(),
  /** Apply only these procedures (`file#index`), e.g. one conflict resolved with overwrite. */
  only: z.array(z.string().max(220)).max(5_000).nullable(),
  /** What the request could do (a token's scope): the job never does more. */
  permissions: z.array(z.string()),
});
export type ExecutionImportPayload = z.infer<typeof ExecutionImportPayload>;

/**
 * Deletes uploaded logs no other waiting or running import still needs (uploads are
 * content-addressed: the same file sent twice is one blob).
 */
export async function releaseUploads(
  ctx: AppContext,
  uploads: readonly string[],
  exceptJob: string | null,
): Promise<void> {
  for (const upload of new Set(uploads)) {
    const [other] = await ctx.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          eq(jobs.type, EXECUTION_IMPORT_JOB),
          inArray(jobs.status, ['queued', 'running']),
          sql`${jobs.payload}->'files' @> ${JSON.stringify([{ upload }])}::jsonb`,
          exceptJob ? ne(jobs.id, exceptJob) : undefined,
        ),
      )
      .limit(1);
    if (!other) await ctx.blobs.delete(upload).catch(() => undefined);
  }
}

/**
 * Queues an import of staged logs with its audit row (`mission.execution_import_started`,
 * `after` describing the source — never a secret); the uploads go if queueing fails. The
 * job acts with the permissions the request holds (`payload.permissions`).
 */
export async function queueExecutionImport(
  ctx: AppContext,
  audit: AuditContext,
  payload: Omit<ExecutionImportPayload, 'permissions'>,
  after: Record<string, unknown>,
) {
  const full: ExecutionImportPayload = {
    ...payload,
    permissions: [...(audit.actor?.permissions ?? [])],
  };
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const job = await new JobQueue(tx, ctx.clock).enqueue(EXECUTION_IMPORT_JOB, full, {
        maxAttempts: 1,
        createdBy: accountId(audit.actor),
      });
      await appendAudit(tx, ctx.clock, audit, {
        action: 'mission.execution_import_started',
        targetId: job.id,
        missionId: payload.mission_id,
        after: {
          ...after,
          create_unmatched: payload.create_unmatched,
          overwrite: payload.overwrite,
          dry_run: payload.dry_run,
        },
      });
      return job;
    });
    ctx.runner.wake();
    return row;
  } catch (err) {
    await releaseUploads(
      ctx,
      payload.files.map((f) => f.upload),
      null,
    );
    throw err;
  }
}

/**
 * `mission.import_execution`: parses each file (a refused file is reported, the others go on),
 * then applies every procedure in one mission write (import/apply.ts). A refusal of the whole
 * import (no red role any more, too many procedures) fails the job with the reason.
 */
export function createExecutionImportJob(ctx: AppContext): JobHandler<ExecutionImportPayload> {
  return {
    maxAttempts: 1,
    parse: (payload) => ExecutionImportPayload.parse(payload),
    async run({ job, payload, progress }): Promise<ExecutionImportReport> {
      try {
        const parsed: ParsedFile[] = [];
        let procedures = 0;
        for (const [i, f] of payload.files.entries()) {
          const content = await ctx.blobs.get(f.upload);
          if (!content) throw new PermanentJobError(`${f.filename} is missing from storage`);
          const file = parseExecutionFile(f.filename, content);
          procedures += file.facts.length;
          if (procedures > EXECUTION_IMPORT_LIMITS.maxProcedures) {
            throw new PermanentJobError(
              `More than ${EXECUTION_IMPORT_LIMITS.maxProcedures} procedures in one import: split the logs`,
            );
          }
          parsed.push(file);
          await progress({
            done: i + 1,
            total: payload.files.length + 1,
            message: `Read ${f.filename}`,
          });
        }
        const audit = await jobActingAs(ctx, job.createdBy, payload.permissions);
        const report = await applyExecutionImport(ctx, audit, payload.mission_id, parsed, {
          createUnmatched: payload.create_unmatched,
          overwrite: payload.overwrite,
          dryRun: payload.dry_run,
          only: payload.only ? new Set(payload.only) : null,
        });
        await progress({
          done: payload.files.length + 1,
          total: payload.files.length + 1,
          message: 'Applied',
        });
        return report;
      } catch (err) {
        if (err instanceof DomainError) throw new PermanentJobError(err.message);
        throw err;
      } finally {
        await releaseUploads(
          ctx,
          payload.files.map((f) => f.upload),
          job.id,
        );
      }
    },
  };
}
