import type { Finding } from '@metamorph/contract';
import type { AppModule } from '../../context.js';
import type { DbOrTx } from '../../platform/tx.js';
import { CompareService } from './compare.service.js';
import { FINDINGS_DRAFT_JOB, draftJob } from './draft.job.js';
import { findingRows, toFindings } from './findings.repo.js';
import { findingsRoutes } from './findings.routes.js';
import { FindingsService } from './findings.service.js';
import { findingsIoRoutes } from './io.routes.js';
import { retestHook } from './retest-hook.js';
import { RetestService } from './retest.service.js';

export { compareMissions, type CompareSide } from './compare.service.js';

/**
 * A mission's live findings as the wire shows them (by number): what a reader who sees hidden
 * tests — or not — may see (the report's findings section reads them so).
 */
export const missionFindings = async (
  db: DbOrTx,
  missionId: string,
  seesHidden: boolean,
): Promise<Finding[]> => toFindings(db, await findingRows(db, missionId), seesHidden);

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
