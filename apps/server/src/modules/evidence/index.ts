import type { AppModule } from '../../context.js';
import { ThumbnailCache, thumbnailCacheDir } from '../../platform/thumbnails/cache.js';
import { ThumbnailWarmer } from '../../platform/thumbnails/warmer.js';
import { evidenceRoutes } from './evidence.routes.js';
import { EvidenceService } from './evidence.service.js';
import { EvidenceUploadService } from './upload.service.js';
import { storedEvidence } from './evidence.repo.js';

export { listTestEvidence } from './evidence.repo.js';

/** Evidence files of mission tests: streamed uploads, downloads, captions, soft delete. */
export const evidenceModule: AppModule = {
  name: 'evidence',
  async routes(app, ctx) {
    // Image thumbnails are made right after an upload commits (for the reports), in the
    // background; shutdown drops what has not started.
    const thumbnails = new ThumbnailWarmer(
      ctx.evidence,
      new ThumbnailCache(thumbnailCacheDir(ctx.env.dataDir)),
      app.log,
    );
    app.addHook('onClose', () => thumbnails.close());
    const uploaded = ctx.metrics.counter(
      'metamorph_evidence_uploaded_bytes_total',
      'Evidence bytes received by this process (duplicate: the test already held them)',
      ['outcome'],
    );
    ctx.metrics.gauge(
      'metamorph_evidence_stored',
      'Evidence files not deleted, across all missions (unit: files or bytes)',
      ['unit'],
      async () => {
        const s = await storedEvidence(ctx.db);
        return [
          { labels: { unit: 'files' }, value: s.files },
          { labels: { unit: 'bytes' }, value: s.bytes },
        ];
      },
    );
    await evidenceRoutes(app, ctx, {
      evidence: new EvidenceService(ctx),
      upload: new EvidenceUploadService(ctx, thumbnails, uploaded),
    });
  },
};
