import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { ErrorCode } from '@metamorph/contract';
import { DomainError, badRequest } from '../../platform/errors.js';

export interface SavedUpload {
  file: string;
  filename: string;
}

/**
 * Streams the request's single file part to a temp file under `dir` (never buffered);
 * refuses a missing file and one over `maxBytes`.
 */
export async function saveUpload(
  request: FastifyRequest,
  dir: string,
  maxBytes: number,
): Promise<SavedUpload> {
  const part = await request.file({
    limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 20 },
  });
  if (!part) throw badRequest('The multipart body holds no file');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `upload-${randomBytes(8).toString('hex')}.json`);
  try {
    await pipeline(part.file, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    if (part.file.truncated) {
      throw new DomainError(
        ErrorCode.PayloadTooLarge,
        `The bundle is larger than ${maxBytes} bytes`,
      );
    }
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
  const filename = (part.filename || 'bundle.json').replace(/[^\w.() -]/g, '_').slice(0, 200);
  return { file, filename };
}
