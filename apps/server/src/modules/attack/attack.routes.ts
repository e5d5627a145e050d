import multipart from '@fastify/multipart';
import { AttackReleaseList, AttackSyncRequest, JobAccepted } from '@metamorph/contract';
import type { App, AppContext } from '../../context.js';
import { validationFailed } from '../../platform/errors.js';
import { toJobWire } from '../../platform/jobs/wire.js';
import { attackTempDir, type AttackImportPayload } from './import.job.js';
import { listReleases } from './releases.repo.js';
import { startAttackSync } from './sync.service.js';
import { saveUpload } from './upload.js';

export async function attackRoutes(app: App, ctx: AppContext): Promise<void> {
  // Scoped to this module: only the sync route accepts multipart, streamed to disk.
  await app.register(multipart, { limits: { files: 1, fields: 10, parts: 20 } });

  app.post(
    '/api/attack/sync',
    {
      config: { permission: 'attack.sync' },
      schema: {
        tags: ['attack'],
        summary: 'Import an ATT&CK STIX bundle from a URL (JSON) or an uploaded file (multipart)',
        description:
          'JSON `{url?}` (default: the attack.source_url setting) or multipart/form-data with one file. Answers 202 with the import job. A URL on a private, loopback or link-local address answers 422 unless the setting outbound.allow_private_targets is on; a name resolving to one fails the job.',
        body: AttackSyncRequest.nullish(),
        response: { 202: JobAccepted },
      },
    },
    async (request, reply) => {
      let payload: AttackImportPayload;
      if (request.isMultipart()) {
        const saved = await saveUpload(request, attackTempDir(ctx), ctx.env.attack.maxBytes);
        const { sha256 } = await ctx.blobs.putFile(saved.file);
        payload = { blob: sha256, source: `upload:${saved.filename}` };
      } else {
        const url = request.body?.url ?? (await ctx.settings.get())['attack.source_url'];
        // What the URL alone tells (a private literal address, a bad scheme) answers 422 now;
        // a name resolving to a private address fails the job when it connects.
        const problem = await ctx.outbound.problemWith(url);
        if (problem) {
          const path = request.body?.url ? 'body.url' : 'setting attack.source_url';
          throw validationFailed([{ path, message: problem }]);
        }
        payload = { url, source: url };
      }
      const row = await startAttackSync(ctx, request.auditContext(), payload);
      return reply.code(202).send({ job: toJobWire(row) });
    },
  );

  app.get(
    '/api/attack/releases',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['attack'],
        summary: 'Imported ATT&CK releases, newest first',
        response: { 200: AttackReleaseList },
      },
    },
    async () => ({ items: await listReleases(ctx.db) }),
  );
}
