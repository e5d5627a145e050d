import type { AppModule } from '../../context.js';
import { CompareService } from './compare.service.js';
import { FINDINGS_DRAFT_JOB, draftJob } from './draft.job.js';
import { findingsRoutes } from './findings.routes.js';
import { FindingsService } from './findings.service.js';
import { findingsIoRoutes } from './io.routes.js';
import { retestHook } from './retest-hook.js';
import { RetestService } from './retest.service.js';

/**
 * Read by other modules after their own access checks (the archive, the report's findings
 * section): a mission's live findings as the wire shows them, by number.
 */
export { listMissionFindings } from './findings.repo.js';
export { compareMissions, type CompareSide } from './compare.service.js';

/** Findings, drafting from gaps, retest missions, compare and findings exports. */
export const findingsModule: AppModule = {
  name: 'findings',
  routes(app, ctx) {
    const findings = new FindingsService(ctx);
    findingsRoutes(app, ctx, findings);
    findingsIoRoutes(app, ctx, {
      findings,
      retest: new RetestService(ctx),
      compare: new CompareService(ctx),
    });
  },
  jobs: (ctx) => ({ [FINDINGS_DRAFT_JOB]: draftJob(ctx) }),
  testStateHooks: () => [retestHook],
};
