import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ErrorCode } from '@metamorph/contract';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { DomainError, badRequest, validationFailed } from '../../platform/errors.js';
import { detectUploadKind } from './atomics/sources.js';
import { readHead } from '../../platform/file-head.js';
import { libraryTempDir, type AtomicsJobPayload } from './atomics.job.js';

type Uploaded = NonNullable<AtomicsJobPayload['files']>[number];

const tooLarge = (max: number) =>
  new DomainError(ErrorCode.PayloadTooLarge, `The upload is larger than ${max} bytes in all`);

/**
 * Streams every file part of an Atomic Red Team upload to disk and into the blob store
 * (never buffered): YAML files or zips, at most `LIBRARY_UPLOAD_MAX_BYTES` in all. On any
 * refusal nothing stays behind.
 */
export async function saveAtomicsUpload(
  request: FastifyRequest,
  ctx: AppContext,
): Promise<{ files: Uploaded[]; scenarioPerTechnique: boolean }> {
  const max = ctx.env.libraryUploadMaxBytes;
  const dir = libraryTempDir(ctx);
  await mkdir(dir, { recursive: true });
  const files: Uploaded[] = [];
  let scenarioPerTechnique = false;
  let total = 0;
  let tmp: string | undefined;
  try {
    const parts = request.parts({
      limits: { fileSize: max, files: 5000, fields: 10, parts: 5100 },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.fieldname === 'scenario_per_technique') {
          if (part.value !== 'true' && part.value !== 'false') {
            throw validationFailed([
              { path: 'body.scenario_per_technique', message: 'must be true or false' },
            ]);
          }
          scenarioPerTechnique = part.value === 'true';
        }
        continue;
      }
      const name = (part.filename || 'upload').replace(/[^\w.() /-]/g, '_').slice(0, 200);
      tmp = path.join(dir, `atomics-upload-${randomBytes(8).toString('hex')}`);
      await pipeline(part.file, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
      if (part.file.truncated) throw tooLarge(max);
      total += (await stat(tmp)).size;
      if (total > max) throw tooLarge(max);
      const kind = detectUploadKind(name, await readHead(tmp));
      if (kind === 'unknown') {
        throw new DomainError(
          ErrorCode.UnsupportedMediaType,
          `${name} is neither Atomic Red Team YAML (.yaml, .yml) nor a zip`,
        );
      }
      const { sha256 } = await ctx.blobs.putFile(tmp);
      tmp = undefined;
      files.push({ name, blob: sha256, kind });
    }
  } catch (err) {
    if (tmp) await rm(tmp, { force: true });
    for (const f of files) await ctx.blobs.delete(f.blob).catch(() => undefined);
    throw err;
  }
  if (files.length === 0) throw badRequest('The multipart body holds no file');
  return { files, scenarioPerTechnique };
}
