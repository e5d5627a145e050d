import multipart from '@fastify/multipart';
import { ArchiveExportQuery, JobAccepted, MissionParams } from '@metamorph/contract';
import type { App, AppContext } from '../../context.js';
import { missionNotFound } from '../../kernel/mission-access.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { accountId, requirePermission } from '../../platform/authz.js';
import { JobQueue } from '../../platform/jobs/queue.js';
import { toJobWire } from '../../platform/jobs/wire.js';
import { exportArchive } from './export/export.service.js';
import { MISSION_IMPORT_JOB, releaseUpload } from './import/import.job.js';
import { receiveArchiveUpload } from './import/upload.js';

/** `GET /api/missions/:id/archive` and `POST /api/missions/import` (docs/archives.md). */
export async function archiveRoutes(app: App, ctx: AppContext): Promise<void> {
  // Scoped to this module: the import streams its multipart body to disk.
  await app.register(multipart);
  app.get(
    '/api/missions/:id/archive',
    {
      // Visibility first (404 for non-members), then report.export (403): the mission guard.
      config: { auth: 'user', mission: 'read', permission: 'report.export' },
      schema: {
        tags: ['archives'],
        summary: 'Download the mission as a lossless archive (ZIP: manifest.json + evidence)',
        description:
          'Streams a ZIP with `manifest.json` (format version 1: client, mission, scenarios, tests with every planning, red and blue field, tag snapshots, per-tool results, assets, members by email, evidence list with SHA-256) and `evidence/<sha256>` files. `blue=false` leaves out the blue fields, per-tool results, blue comments and blue evidence. Tests hidden from blue are left out for blue-only members. Audited.',
        params: MissionParams,
        querystring: ArchiveExportQuery,
      },
    },
    async (request, reply) => {
      const access = request.missionAccess;
      if (!access) throw missionNotFound();
      const download = await exportArchive(
        ctx,
        request.auditContext(),
        access,
        request.query.blue === 'true',
      );
      return reply
        .type('application/zip')
        .header('content-disposition', download.disposition)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(download.stream);
    },
  );
  app.post(
    '/api/missions/import',
    {
      config: { permission: 'mission.create' },
      schema: {
        tags: ['archives'],
        summary: 'Import a mission archive (multipart) as a new mission',
        description:
          "multipart/form-data: one `file` part (the ZIP, at most ARCHIVE_UPLOAD_MAX_BYTES, streamed to disk) and an optional `client_id` field (else the archive's client by name, created when absent). Answers 202 with a `mission.import` job; it checks everything before writing anything and its result is the import report (ArchiveImportReport). A refused archive fails the job with the reason.",
        response: { 202: JobAccepted },
      },
    },
    async (request, reply) => {
      const audit = request.auditContext();
      const actor = requirePermission(audit.actor, 'mission.create');
      const payload = await receiveArchiveUpload(request, ctx);
      try {
        const row = await ctx.db.transaction(async (tx) => {
          const job = await new JobQueue(tx, ctx.clock).enqueue(MISSION_IMPORT_JOB, payload, {
            maxAttempts: 1,
            createdBy: accountId(actor),
          });
          await appendAudit(tx, ctx.clock, audit, {
            action: 'mission.import_started',
            targetId: job.id,
            after: { filename: payload.filename, size: payload.size, client_id: payload.client_id },
          });
          return job;
        });
        ctx.runner.wake();
        return reply.code(202).send({ job: toJobWire(row) });
      } catch (err) {
        await releaseUpload(ctx, payload.upload, null);
        throw err;
      }
    },
  );
}
