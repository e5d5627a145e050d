import type { AppModule } from '../../context.js';
import { automationRoutes } from './automation.routes.js';
import { EXECUTION_IMPORT_JOB, createExecutionImportJob } from './import.job.js';

/** Execution results from automation: ATTiRe and Invoke-AtomicRedTeam logs into mission tests. */
export const automationModule: AppModule = {
  name: 'automation',
  jobs: (ctx) => ({ [EXECUTION_IMPORT_JOB]: createExecutionImportJob(ctx) }),
  routes: automationRoutes,
};
