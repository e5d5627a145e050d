import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { PermanentJobError, type JobHandler } from '../../platform/jobs/types.js';
import { downloadToFile } from './download.js';
import { existingImport, importRelease } from './import/import.service.js';
import { jobAuditContext } from '../../platform/jobs/job-audit.js';
import { parseAttackBundle } from './stix/parse.js';

export const ATTACK_IMPORT_JOB = 'attack.import';

export const AttackImportPayload = z
  .object({
    /** An uploaded bundle in the blob store… */
    blob: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    /** …or a URL the worker downloads. */
    url: z.url({ protocol: /^https?$/ }).optional(),
    source: z.string().min(1).max(2000),
    /** `cli:<os user>` when queued from the command line. */
    requested_by: z.string().max(300).optional(),
  })
  .refine((p) => (p.blob === undefined) !== (p.url === undefined), 'exactly one of blob and url');
export type AttackImportPayload = z.infer<typeof AttackImportPayload>;

/** Temp files of uploads and downloads: under DATA_DIR, beside nothing a user can reach. */
export const attackTempDir = (ctx: AppContext): string => path.join(ctx.env.dataDir, 'tmp');

/** Imports an ATT&CK bundle (uploaded blob or URL) as one release; see importRelease. */
export function createAttackImportJob(ctx: AppContext): JobHandler<AttackImportPayload> {
  return {
    maxAttempts: 1,
    parse: (payload) => AttackImportPayload.parse(payload),
    async run({ job, payload, progress, signal }) {
      const audit = await jobAuditContext(ctx, job.createdBy, payload.requested_by);
      let pending = Promise.resolve();
      const report = (done: number, total: number | null, message: string): void => {
        pending = pending.then(() => progress({ done, total, message })).catch(() => undefined);
      };
      let file: string | undefined;
      try {
        let sha256: string;
        if (payload.url) {
          report(0, null, `downloading ${payload.url}`);
          const mb = (n: number) => Math.floor(n / (1024 * 1024));
          const got = await downloadToFile(
            ctx.outbound,
            payload.url,
            attackTempDir(ctx),
            ctx.env.attack,
            signal,
            (n, total) => report(mb(n), total === null ? null : mb(total), 'downloading (MB)'),
          );
          file = got.file;
          sha256 = got.sha256;
        } else {
          sha256 = payload.blob as string;
        }
        const before = await existingImport(ctx, sha256);
        if (before) {
          report(1, 1, `already imported (release ${before.release.version})`);
          await pending;
          return before;
        }
        const input: Readable | undefined = file
          ? createReadStream(file, { highWaterMark: 1 << 20 })
          : await ctx.blobs.createReadStream(sha256);
        if (!input)
          throw new PermanentJobError(`The uploaded bundle ${sha256} is missing from storage`);
        const bundle = await parseAttackBundle(input, {
          signal,
          onProgress: (n) => report(n, null, `parsed ${n} objects`),
        });
        const objects = bundle.counts.objects ?? 0;
        report(objects, objects, `importing release ${bundle.version}`);
        const result = await importRelease(
          ctx,
          bundle,
          { sha256, source: payload.source, audit },
          async (phase) => report(objects, objects, phase),
        );
        report(objects, objects, `imported release ${result.release.version}`);
        await pending;
        return result;
      } finally {
        if (file) await rm(file, { force: true });
        // An uploaded bundle is only the job's input (the job runs once): drop it so uploads
        // do not pile up. A second job for the same bytes finds the release already imported
        // before it needs the blob. Blobs shared with other records (evidence) must not be
        // deleted here once such records exist: check references before widening this.
        if (payload.blob) await ctx.blobs.delete(payload.blob).catch(() => undefined);
      }
    },
  };
}
