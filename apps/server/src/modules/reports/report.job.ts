import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ReportFormat } from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { reports, users, type ReportRow } from '../../db/schema/index.js';
import { jobErrorMessage } from '../../platform/jobs/runner.js';
import { PermanentJobError, type JobContext, type JobHandler } from '../../platform/jobs/types.js';
import { inTx } from '../../platform/tx.js';
import { buildReportModel } from './model/build.js';
import { ThumbnailCache, thumbnailCacheDir } from '../../platform/thumbnails/cache.js';
import { THUMBNAIL_SLOTS } from '../../platform/thumbnails/make.js';
import { loadReportSource } from './model/load.js';
import type { ReportModel, ReportRenderer } from './model/report-model.js';
import { rendererFor } from './render/index.js';
import { setReportStatus } from './reports.repo.js';

export const REPORT_JOB = 'report.generate';

export const ReportJobPayload = z.object({ report_id: z.uuid() }).strict();
export type ReportJobPayload = z.infer<typeof ReportJobPayload>;

/** Temp files of reports being written: under DATA_DIR, beside nothing a user can reach. */
export const reportTempDir = (ctx: AppContext): string => path.join(ctx.env.dataDir, 'tmp');
/** The same cache the evidence module fills after each upload (platform/thumbnails). */
export const thumbnailCache = (ctx: AppContext): ThumbnailCache =>
  new ThumbnailCache(thumbnailCacheDir(ctx.env.dataDir));

/**
 * Writes one report: builds the model in one read transaction, renders it to a temp file while
 * hashing and counting its bytes, then moves the file into the blob store and marks the report
 * succeeded with its SHA-256 and size. On any failure the temp file is removed, nothing is
 * stored and the report is marked failed with the reason (the job fails for good: a retry
 * would fail alike). At shutdown the report goes back to queued with its job.
 */
export function createReportJob(ctx: AppContext): JobHandler<ReportJobPayload> {
  return {
    maxAttempts: 1,
    parse: (payload) => ReportJobPayload.parse(payload),
    async run(job) {
      const [row] = await ctx.db
        .select()
        .from(reports)
        .where(eq(reports.id, job.payload.report_id));
      if (!row) throw new PermanentJobError('The report no longer exists');
      if (!(await setReportStatus(ctx.db, row.id, ['queued', 'running'], { status: 'running' }))) {
        throw new PermanentJobError(`The report is already ${row.status}`);
      }
      try {
        return await generate(ctx, row, job);
      } catch (err) {
        if (job.signal.aborted) {
          await setReportStatus(ctx.db, row.id, ['running'], { status: 'queued' });
          throw err;
        }
        const message = jobErrorMessage(err);
        await setReportStatus(ctx.db, row.id, ['running'], {
          status: 'failed',
          error: message,
          finishedAt: ctx.clock.now(),
        });
        throw new PermanentJobError(message);
      }
    },
  };
}

async function generate(ctx: AppContext, row: ReportRow, job: JobContext<ReportJobPayload>) {
  const format = ReportFormat.parse(row.format);
  const renderer = rendererFor(format);
  if (!renderer) throw new Error(`The ${format} format is not available on this server`);
  const source = await inTx(ctx.db, (tx) =>
    loadReportSource(tx, row.missionId, {
      includeHidden: row.options.include_hidden,
      compareFor: row.options.sections.includes('before_after')
        ? { userId: row.createdBy }
        : undefined,
    }),
  );
  if (!source) throw new Error('The mission no longer exists');
  const [creator] = row.createdBy
    ? await ctx.db
        .select({ name: users.displayName })
        .from(users)
        .where(eq(users.id, row.createdBy))
    : [];
  const model = buildReportModel({
    source,
    format,
    options: row.options,
    generatedAt: ctx.clock.now(),
    generatedBy: creator?.name ?? 'Metamorph',
    store: ctx.evidence,
    thumbnails: thumbnailCache(ctx),
  });
  const total = model.tests.length;
  await job.progress({ done: 0, total, message: 'preparing thumbnails' });
  await warmThumbnails(model, job);
  await job.progress({ done: 0, total, message: `writing ${format.toUpperCase()}` });
  const written = await renderToTemp(ctx, renderer, (out) =>
    renderer.render(model, out, async (done, of) => {
      if (job.signal.aborted) throw job.signal.reason;
      await job.progress({ done, total: of, message: `test ${done} of ${of}` });
    }),
  );
  // putFile moves the file; should it fail half-way, the temp copy goes too.
  const stored = await ctx.blobs
    .putFile(written.file)
    .finally(() => rm(written.file, { force: true }));
  if (stored.sha256 !== written.sha256 || stored.size !== written.size) {
    throw new Error('The stored report does not match the bytes written');
  }
  const finished = await setReportStatus(ctx.db, row.id, ['running'], {
    status: 'succeeded',
    blobKey: stored.sha256,
    sha256: stored.sha256,
    sizeBytes: stored.size,
    error: null,
    finishedAt: ctx.clock.now(),
  });
  if (!finished) throw new Error('The report was changed while it was written');
  return { report_id: row.id, sha256: stored.sha256, size_bytes: stored.size };
}

/**
 * Thumbnails still missing (usually none: uploads make them) are made before rendering, as
 * many at a time as the process has thumbnail slots, and cached; the renderers, which fetch
 * one image at a time, then only read files. A thumbnail that cannot be made is left to the
 * renderer, which lists the file without it. Progress is written as they go: it extends the
 * job's lease (30 s), which 200 screenshots made in the PDF's counting pass, which reports no
 * progress, used to outlast — the report then failed as "stopped responding".
 */
async function warmThumbnails(model: ReportModel, job: JobContext<ReportJobPayload>) {
  const images = model.tests.flatMap((t) => t.evidence.filter((e) => e.isImage));
  const total = model.tests.length;
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < images.length) {
      if (job.signal.aborted) throw job.signal.reason;
      const e = images[next++]!;
      await e.warmThumbnail().catch(() => undefined);
      done++;
      const message = `thumbnails ${done} of ${images.length}`;
      await job.progress({ done: 0, total, message });
    }
  };
  await Promise.all(Array.from({ length: THUMBNAIL_SLOTS }, worker));
}

/**
 * Runs `render` into a temp file through a hashing pass-through (SHA-256 and size counted as
 * the bytes go by). The temp file is removed when anything fails.
 */
async function renderToTemp(
  ctx: AppContext,
  renderer: ReportRenderer,
  render: (out: NodeJS.WritableStream) => Promise<void>,
): Promise<{ file: string; sha256: string; size: number }> {
  const dir = reportTempDir(ctx);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(
    dir,
    `report-${randomBytes(8).toString('hex')}.${renderer.extension}.part`,
  );
  const hash = createHash('sha256');
  let size = 0;
  const through = new PassThrough();
  through.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
  });
  const written = pipeline(through, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  try {
    try {
      await render(through);
      through.end();
    } catch (err) {
      through.destroy(err instanceof Error ? err : new Error(String(err)));
      await written.catch(() => undefined);
      throw err;
    }
    await written;
    return { file, sha256: hash.digest('hex'), size };
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
}
