import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ErrorCode, Uuid } from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../context.js';
import { clients } from '../../../db/schema/index.js';
import { DomainError, badRequest, validationFailed } from '../../../platform/errors.js';
import { readHead } from '../../../platform/file-head.js';
import { archiveTempDir, type MissionImportPayload } from './import.job.js';

const tooLarge = (max: number) =>
  new DomainError(
    ErrorCode.PayloadTooLarge,
    `The archive is larger than ${max} bytes (ARCHIVE_UPLOAD_MAX_BYTES)`,
    { context: { max_bytes: max } },
  );

/** A zip starts with a local file header (or, empty, with the end of central directory). */
const isZipHead = (head: Buffer) =>
  head.length >= 4 &&
  head[0] === 0x50 &&
  head[1] === 0x4b &&
  ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));

/**
 * Streams the multipart body of an archive import to a temp file under DATA_DIR/tmp (never
 * buffered), then parks it in the blob store for the job: one `file` part (a zip, at most
 * ARCHIVE_UPLOAD_MAX_BYTES) and an optional `client_id` field; any other field is refused.
 * On any refusal nothing stays behind.
 */
export async function receiveArchiveUpload(
  request: FastifyRequest,
  ctx: AppContext,
): Promise<MissionImportPayload> {
  if (!request.isMultipart()) {
    throw new DomainError(
      ErrorCode.UnsupportedMediaType,
      'Send the archive as multipart/form-data with one file part (and an optional client_id)',
    );
  }
  const max = ctx.env.archive.uploadMaxBytes;
  const dir = archiveTempDir(ctx);
  await mkdir(dir, { recursive: true });
  let tmp: string | undefined;
  let file: { name: string; size: number } | undefined;
  let clientId: string | null = null;
  try {
    const parts = request.parts({
      limits: { fileSize: max, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.fieldname !== 'client_id') {
          throw validationFailed([
            {
              path: part.fieldname,
              message: 'is not a field of an archive import (only file and client_id)',
            },
          ]);
        }
        const value = typeof part.value === 'string' ? part.value.trim() : '';
        if (value === '') continue;
        if (!Uuid.safeParse(value).success) {
          throw validationFailed([{ path: 'client_id', message: 'must be a client id (a UUID)' }]);
        }
        clientId = value;
        continue;
      }
      if (file) throw badRequest('Send one archive per import');
      tmp = path.join(dir, `archive-upload-${randomBytes(8).toString('hex')}`);
      await pipeline(part.file, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
      if (part.file.truncated) throw tooLarge(max);
      const name = (part.filename || 'archive.zip').replace(/[^\w.() -]/g, '_').slice(0, 200);
      file = { name, size: (await stat(tmp)).size };
      if (!isZipHead(await readHead(tmp))) {
        throw new DomainError(
          ErrorCode.UnsupportedMediaType,
          `${name} is not a zip file; a mission archive is the .zip that GET /api/missions/:id/archive answers`,
        );
      }
    }
    if (!file || !tmp) throw badRequest('The multipart body holds no file part');
    if (clientId) {
      const [row] = await ctx.db
        .select({ id: clients.id })
        .from(clients)
        .where(eq(clients.id, clientId));
      if (!row)
        throw validationFailed([
          { path: 'client_id', message: 'is not a client of this instance' },
        ]);
    }
    const { sha256 } = await ctx.blobs.putFile(tmp);
    tmp = undefined;
    return { upload: sha256, size: file.size, filename: file.name, client_id: clientId };
  } finally {
    if (tmp) await rm(tmp, { force: true });
  }
}
