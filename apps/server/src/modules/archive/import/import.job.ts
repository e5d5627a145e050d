import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Uuid, type ArchiveImportReport } from '@metamorph/contract';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { jobs } from '../../../db/schema/index.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { jobAuditContext } from '../../../platform/jobs/job-audit.js';
import { PermanentJobError, type JobHandler } from '../../../platform/jobs/types.js';
import { importArchive } from './run.js';
import { ArchiveRefused } from './zip-check.js';

export const MISSION_IMPORT_JOB = 'mission.import';

export const MissionImportPayload = z.strictObject({
  /** The uploaded zip, parked in the blob store (any instance may run the job). */
  upload: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(0),
  filename: z.string().max(300),
  client_id: Uuid.nullable(),
});
export type MissionImportPayload = z.infer<typeof MissionImportPayload>;

export const archiveTempDir = (ctx: AppContext): string => path.join(ctx.env.dataDir, 'tmp');

/** The upload as a local file: the blob store's own file when it has one, else a temp copy. */
async function localCopy(ctx: AppContext, upload: string, tmp: string): Promise<string> {
  const local = await ctx.blobs.localPath?.(upload);
  if (local) return local;
  const stream = await ctx.blobs.createReadStream(upload);
  if (!stream) throw new PermanentJobError('The uploaded archive is missing from storage');
  await mkdir(path.dirname(tmp), { recursive: true });
  await pipeline(stream, createWriteStream(tmp, { mode: 0o600 }));
  return tmp;
}

/**
 * Deletes the uploaded archive, unless another import still waiting or running uses the same
 * bytes (uploads are content-addressed: the same file uploaded twice is one blob).
 */
export async function releaseUpload(ctx: AppContext, upload: string, exceptJob: string | null) {
  const [other] = await ctx.db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        eq(jobs.type, MISSION_IMPORT_JOB),
        inArray(jobs.status, ['queued', 'running']),
        sql`${jobs.payload}->>'upload' = ${upload}`,
        exceptJob ? ne(jobs.id, exceptJob) : undefined,
      ),
    )
    .limit(1);
  if (!other) await ctx.blobs.delete(upload).catch(() => undefined);
}

/**
 * `mission.import`: reads the upload in place (or a temp copy of it) to a temp file (the zip is read at random), imports it
 * (import/run.ts) and answers the import report. A refused archive fails the job with the
 * reason, audited as `mission.import_refused`; the upload and the temp file go either way.
 */
export function createImportJob(ctx: AppContext): JobHandler<MissionImportPayload> {
  return {
    maxAttempts: 1,
    parse: (payload) => MissionImportPayload.parse(payload),
    async run({ job, payload, progress, signal }): Promise<ArchiveImportReport> {
      const audit = await jobAuditContext(ctx, job.createdBy, undefined);
      const tmp = path.join(archiveTempDir(ctx), `archive-import-${job.id}.zip`);
      try {
        const file = await localCopy(ctx, payload.upload, tmp);
        return await importArchive(ctx, audit, file, {
          clientId: payload.client_id,
          importerId: job.createdBy,
          signal,
          progress,
        });
      } catch (err) {
        if (err instanceof ArchiveRefused) {
          await ctx.db.transaction((tx) =>
            appendAudit(tx, ctx.clock, audit, {
              action: 'mission.import_refused',
              targetId: job.id,
              after: { filename: payload.filename, size: payload.size, reason: err.message },
            }),
          );
        }
        throw err;
      } finally {
        await rm(tmp, { force: true });
        await releaseUpload(ctx, payload.upload, job.id);
      }
    },
  };
}
