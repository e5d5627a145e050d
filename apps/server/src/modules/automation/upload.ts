import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ErrorCode, EXECUTION_IMPORT_LIMITS } from '@metamorph/contract';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { DomainError, badRequest, validationFailed } from '../../platform/errors.js';
import { releaseUploads, type ExecutionImportPayload } from './import.job.js';

const FLAGS = ['create_unmatched', 'overwrite', 'dry_run'] as const;
const FIELDS = [...FLAGS, 'only'] as const;
/** `only`: procedures to apply, as `file#index` (the report's file and index), comma-separated. */
const ONLY = /^[^#,]{1,200}#\d{1,6}$/;
type Flag = (typeof FLAGS)[number];

const flag = (name: string, value: unknown): boolean => {
  const v = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0' || v === '') return false;
  throw validationFailed([{ path: name, message: 'must be true or false' }]);
};

function parseOnly(value: unknown): string[] {
  const items = (typeof value === 'string' ? value : '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = items.find((i) => !ONLY.test(i));
  if (items.length === 0 || bad !== undefined || items.length > 5_000) {
    throw validationFailed([
      {
        path: 'only',
        message: bad
          ? `${JSON.stringify(bad.slice(0, 60))} is not file#index (as in the import report)`
          : 'must list procedures as file#index, comma-separated (1 to 5000)',
      },
    ]);
  }
  return items;
}

/**
 * Streams the files of an execution import to temp files (never buffered whole), then parks
 * each in the blob store for the job: one or more `file` parts (ATTiRe JSON or CSV logs) and
 * the optional flags create_unmatched, overwrite, dry_run; any other field is refused. On any
 * refusal nothing stays behind.
 */
export async function receiveExecutionUpload(
  request: FastifyRequest,
  ctx: AppContext,
): Promise<Omit<ExecutionImportPayload, 'mission_id' | 'permissions'>> {
  if (!request.isMultipart()) {
    throw new DomainError(
      ErrorCode.UnsupportedMediaType,
      'Send the logs as multipart/form-data: one or more file parts, optional create_unmatched, overwrite, dry_run',
    );
  }
  const max = EXECUTION_IMPORT_LIMITS.maxFileBytes;
  const dir = path.join(ctx.env.dataDir, 'tmp');
  await mkdir(dir, { recursive: true });
  const temps: string[] = [];
  const files: ExecutionImportPayload['files'] = [];
  const flags: Record<Flag, boolean> = {
    create_unmatched: false,
    overwrite: false,
    dry_run: false,
  };
  const parked: string[] = [];
  let only: string[] | null = null;
  try {
    const parts = request.parts({
      limits: {
        fileSize: max,
        files: EXECUTION_IMPORT_LIMITS.maxFiles + 1,
        fields: 10,
        fieldSize: 32 * 1024,
      },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.fieldname === 'only') {
          only = parseOnly(part.value);
          continue;
        }
        if (!(FLAGS as readonly string[]).includes(part.fieldname)) {
          throw validationFailed([
            {
              path: part.fieldname,
              message: `is not a field of an execution import (file, ${FIELDS.join(', ')})`,
            },
          ]);
        }
        flags[part.fieldname as Flag] = flag(part.fieldname, part.value);
        continue;
      }
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw validationFailed([{ path: part.fieldname, message: 'files go in `file` parts' }]);
      }
      if (files.length >= EXECUTION_IMPORT_LIMITS.maxFiles) {
        part.file.resume();
        throw badRequest(`At most ${EXECUTION_IMPORT_LIMITS.maxFiles} files per import`);
      }
      const tmp = path.join(dir, `execution-upload-${randomBytes(8).toString('hex')}`);
      temps.push(tmp);
      await pipeline(part.file, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
      const name = (part.filename || `log-${files.length + 1}`)
        .replace(/[^\w.() -]/g, '_')
        .slice(0, 200);
      if (part.file.truncated) {
        throw new DomainError(ErrorCode.PayloadTooLarge, `${name} is larger than ${max} bytes`, {
          context: { max_bytes: max, file: name },
        });
      }
      const size = (await stat(tmp)).size;
      if (size === 0) throw validationFailed([{ path: 'file', message: `${name} is empty` }]);
      const { sha256 } = await ctx.blobs.putFile(tmp);
      temps.pop();
      parked.push(sha256);
      files.push({ upload: sha256, filename: name, size });
    }
    if (files.length === 0) throw badRequest('The multipart body holds no file part');
    return { files, ...flags, only };
  } catch (err) {
    await releaseUploads(ctx, parked, null);
    throw err;
  } finally {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
  }
}
