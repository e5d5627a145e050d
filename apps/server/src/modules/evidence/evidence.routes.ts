import multipart from '@fastify/multipart';
import {
  Evidence,
  EvidenceParams,
  EvidencePatch,
  EvidenceUploadResult,
  TestParams,
} from '@metamorph/contract';
import { z } from 'zod';
import type { App, AppContext } from '../../context.js';
import { INLINE_MIMES } from './content-check.js';
import type { EvidenceService } from './evidence.service.js';
import { contentDisposition } from './filename.js';
import { registerEvidenceGuard } from './guard.js';
import { readEvidenceUpload } from './multipart.js';
import type { EvidenceUploadService } from './upload.service.js';

const ContentQuery = z.object({
  inline: z.enum(['0', '1']).optional(),
});

const TEXT_MIMES = new Set(['text/plain', 'text/csv', 'application/json', 'application/xml']);

/** Upload (multipart, streamed), read, download, caption and soft-delete evidence files. */
export async function evidenceRoutes(
  app: App,
  ctx: AppContext,
  s: { evidence: EvidenceService; upload: EvidenceUploadService },
): Promise<void> {
  // Scoped to this module: only the upload route takes multipart, streamed to the store.
  // The size cap is checked by the evidence store (413 with our own message), not by throwing.
  await app.register(multipart, { throwFileSizeLimit: false });
  registerEvidenceGuard(app, ctx);
  const tags = ['evidence'];
  const read = { auth: 'user', evidence: 'read' } as const;
  const write = { auth: 'user', evidence: 'write' } as const;

  app.post(
    '/api/missions/:id/tests/:testId/evidence',
    {
      config: { auth: 'user', mission: 'write' },
      schema: {
        tags,
        summary: 'Upload an evidence file to a test (multipart: file, optional caption and side)',
        description:
          'multipart/form-data with one file part and the optional fields `caption` and `side` (red|blue; for callers holding both sides, default blue). The size cap and the extensions come from the settings; the content must match the extension. 201 with the new record, 200 with the existing one (`duplicate: true`) when the same bytes are already on the test.',
        params: TestParams,
        response: { 200: EvidenceUploadResult, 201: EvidenceUploadResult },
      },
    },
    async (request, reply) => {
      const result = await s.upload.upload(
        request.auditContext(),
        request.params.id,
        request.params.testId,
        (limits) => readEvidenceUpload(request, ctx.evidence, limits),
        request.missionAccess,
      );
      return reply.code(result.duplicate ? 200 : 201).send(result);
    },
  );

  app.get(
    '/api/evidence/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One evidence record',
        params: EvidenceParams,
        response: { 200: Evidence },
      },
    },
    async (request) => s.evidence.get(request.actor, request.params.id),
  );

  app.get(
    '/api/evidence/:id/content',
    {
      config: read,
      schema: {
        tags,
        summary: 'The evidence bytes (attachment; images inline with ?inline=1)',
        params: EvidenceParams,
        querystring: ContentQuery,
      },
    },
    async (request, reply) => {
      // Attachments may come straight from the bucket (S3_PRESIGN); inline images stay ours.
      if (request.query.inline !== '1') {
        const link = await s.evidence.downloadLink(request.actor, request.params.id);
        if (link) return reply.header('cache-control', 'private, no-store').redirect(link, 302);
      }
      const c = await s.evidence.content(request.actor, request.params.id);
      const { mime, sha256, original_filename: name } = c.evidence;
      const inline = request.query.inline === '1' && INLINE_MIMES.has(mime);
      const etag = `"${sha256}"`;
      reply
        .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', name))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('cache-control', 'private, no-store')
        .header('etag', etag);
      if (request.headers['if-none-match'] === etag) {
        c.stream.destroy();
        return reply.code(304).send();
      }
      return reply
        .type(TEXT_MIMES.has(mime) ? `${mime}; charset=utf-8` : mime)
        .header('content-length', c.size)
        .send(c.stream);
    },
  );

  app.patch(
    '/api/evidence/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change the caption (the side that uploaded it, or admin)',
        params: EvidenceParams,
        body: EvidencePatch,
        response: { 200: Evidence },
      },
    },
    async (request) => s.evidence.patch(request.auditContext(), request.params.id, request.body),
  );

  app.delete(
    '/api/evidence/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Soft-delete an evidence file (the side that uploaded it, or admin)',
        params: EvidenceParams,
      },
    },
    async (request, reply) => {
      await s.evidence.remove(request.auditContext(), request.params.id);
      return reply.code(204).send();
    },
  );
}
