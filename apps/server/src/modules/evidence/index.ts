import type { AppModule } from '../../context.js';
import { evidenceRoutes } from './evidence.routes.js';
import { EvidenceService } from './evidence.service.js';
import { EvidenceUploadService } from './upload.service.js';

export { listTestEvidence } from './evidence.repo.js';

/** Evidence files of mission tests: streamed uploads, downloads, captions, soft delete. */
export const evidenceModule: AppModule = {
  name: 'evidence',
  async routes(app, ctx) {
    await evidenceRoutes(app, ctx, {
      evidence: new EvidenceService(ctx),
      upload: new EvidenceUploadService(ctx),
    });
  },
};
