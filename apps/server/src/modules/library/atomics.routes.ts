import multipart from '@fastify/multipart';
import { ErrorCode, JobAccepted } from '@metamorph/contract';
import type { App, AppContext } from '../../context.js';
import type { JobRow } from '../../db/schema/index.js';
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { accountId, requirePermission } from '../../platform/authz.js';
import { DomainError } from '../../platform/errors.js';
import { JobQueue } from '../../platform/jobs/queue.js';
import { toJobWire } from '../../platform/jobs/wire.js';
import { saveAtomicsUpload } from './atomics-upload.js';
import { LIBRARY_ATOMICS_JOB, type AtomicsJobPayload } from './atomics.job.js';

/** Queues an Atomic Red Team import; the audit row commits with the job. */
export async function startAtomicsImport(
  ctx: AppContext,
  audit: AuditContext,
  payload: AtomicsJobPayload,
): Promise<JobRow> {
  const actor = requirePermission(audit.actor, 'library.write');
  const job = await ctx.db.transaction(async (tx) => {
    const row = await new JobQueue(tx, ctx.clock).enqueue(LIBRARY_ATOMICS_JOB, payload, {
      maxAttempts: 1,
      createdBy: accountId(actor),
    });
    await appendAudit(tx, ctx.clock, audit, {
      action: 'library.import_started',
      targetId: row.id,
      after: {
        kind: 'atomic-red-team',
        files: payload.files?.map((f) => f.name) ?? null,
        path: payload.path ?? null,
        scenario_per_technique: payload.scenario_per_technique,
      },
    });
    return row;
  });
  ctx.runner.wake();
  return job;
}

export async function atomicsRoutes(app: App, ctx: AppContext): Promise<void> {
  // Scoped to the library module: only this route takes multipart, streamed to disk.
  await app.register(multipart);
  app.post(
    '/api/library/import/atomics',
    {
      config: { permission: 'library.write' },
      schema: {
        tags: ['library'],
        summary: 'Import Atomic Red Team tests: one or many .yaml files or zips (multipart)',
        description:
          'multipart/form-data: file parts (`.yaml`/`.yml` or `.zip`, LIBRARY_UPLOAD_MAX_BYTES in all) and an optional field `scenario_per_technique=true`. Answers 202 with the import job; its result is the per-file report.',
        response: { 202: JobAccepted },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new DomainError(
          ErrorCode.UnsupportedMediaType,
          'Send multipart/form-data with one or more .yaml files or zips',
        );
      }
      const upload = await saveAtomicsUpload(request, ctx);
      const audit = request.auditContext();
      const row = await startAtomicsImport(ctx, audit, {
        files: upload.files,
        scenario_per_technique: upload.scenarioPerTechnique,
      });
      return reply.code(202).send({ job: toJobWire(row) });
    },
  );
}
