import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { readHead } from '../../platform/file-head.js';
import { newId } from '../../platform/ids.js';
import { PermanentJobError, type JobHandler } from '../../platform/jobs/types.js';
import { jobAuditContext } from '../../platform/jobs/job-audit.js';
import { importAtomics } from './atomics-import.js';
import {
  detectUploadKind,
  filesFromPath,
  filesFromZip,
  type AtomicsSourceFile,
} from './atomics/sources.js';

export const LIBRARY_ATOMICS_JOB = 'library.import_atomics';

const UploadedFile = z.object({
  name: z.string().min(1).max(300),
  blob: z.string().regex(/^[0-9a-f]{64}$/),
  kind: z.enum(['zip', 'yaml']),
});

export const AtomicsJobPayload = z.object({
  /** Uploaded files in the blob store (API)… */
  files: z.array(UploadedFile).max(10_000).optional(),
  /** …or a path on the server's disk: only the command line queues this. */
  path: z.string().min(1).optional(),
  scenario_per_technique: z.boolean().default(false),
  requested_by: z.string().max(300).optional(),
});
export type AtomicsJobPayload = z.infer<typeof AtomicsJobPayload>;

export const libraryTempDir = (ctx: AppContext): string => path.join(ctx.env.dataDir, 'tmp');

/** The payload's files, one after the other; a zip blob is copied to a temp file to be read. */
async function* sources(
  ctx: AppContext,
  payload: AtomicsJobPayload,
  temps: string[],
): AsyncGenerator<AtomicsSourceFile> {
  if (payload.path) {
    const isZip = detectUploadKind(payload.path, await readHead(payload.path)) === 'zip';
    yield* isZip ? filesFromZip(payload.path) : filesFromPath(payload.path);
    return;
  }
  for (const f of payload.files ?? []) {
    const stream = await ctx.blobs.createReadStream(f.blob);
    if (!stream) {
      yield { name: f.name, error: 'the uploaded file is missing from storage' };
      continue;
    }
    if (f.kind === 'yaml') {
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c as Buffer);
      yield { name: f.name, content: Buffer.concat(chunks) };
      continue;
    }
    await mkdir(libraryTempDir(ctx), { recursive: true });
    const tmp = path.join(libraryTempDir(ctx), `atomics-${newId()}.zip`);
    temps.push(tmp);
    await pipeline(stream, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
    for await (const entry of filesFromZip(tmp)) {
      yield { ...entry, name: `${f.name}:${entry.name}` };
    }
  }
}

/** Imports Atomic Red Team YAML (files, zips or a folder) into the library. */
export function createAtomicsJob(ctx: AppContext): JobHandler<AtomicsJobPayload> {
  return {
    maxAttempts: 1,
    parse: (payload) => {
      const p = AtomicsJobPayload.parse(payload);
      if ((p.files === undefined) === (p.path === undefined)) {
        throw new PermanentJobError('exactly one of files and path');
      }
      return p;
    },
    async run({ job, payload, progress, signal }) {
      const audit = await jobAuditContext(ctx, job.createdBy, payload.requested_by);
      const temps: string[] = [];
      const total = payload.files?.every((f) => f.kind === 'yaml') ? payload.files.length : null;
      try {
        const result = await importAtomics(ctx, audit, sources(ctx, payload, temps), {
          scenarioPerTechnique: payload.scenario_per_technique,
          signal,
          onProgress: (done, message) => progress({ done, total, message }),
        });
        await ctx.db.transaction(async (tx) => {
          await appendAudit(tx, ctx.clock, audit, {
            action: 'library.imported',
            targetId: job.id,
            after: { kind: 'atomic-red-team', ...result.totals },
          });
        });
        return result;
      } finally {
        for (const t of temps) await rm(t, { force: true });
        for (const f of payload.files ?? []) await ctx.blobs.delete(f.blob).catch(() => undefined);
      }
    },
  };
}
