import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Uuid, type ArchiveImportReport } from '@metamorph/contract';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
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

/**
 * `mission.import`: copies the upload to a temp file (the zip is read at random), imports it
 * (import/run.ts) and answers the import report. A refused archive fails the job with the
 * reason, audited as `mission.import_refused`; the upload and the temp file go either way.
 */
export function createImportJob(ctx: AppContext): JobHandler<MissionImportPayload> {
  return {
    maxAttempts: 1,
    parse: (payload) => MissionImportPayload.parse(payload),
    async run({ job, payload, progress, signal }): Promise<ArchiveImportReport> {
      const audit = await jobAuditContext(ctx, job.createdBy, undefined);
      const dir = archiveTempDir(ctx);
      await mkdir(dir, { recursive: true });
      const tmp = path.join(dir, `archive-import-${job.id}.zip`);
      try {
        const stream = await ctx.blobs.createReadStream(payload.upload);
        if (!stream) throw new PermanentJobError('The uploaded archive is missing from storage');
        await pipeline(stream, createWriteStream(tmp, { mode: 0o600 }));
        return await importArchive(ctx, audit, tmp, {
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
        await ctx.blobs.delete(payload.upload).catch(() => undefined);
      }
    },
  };
}
