import type { AppModule } from '../../context.js';
import { archiveRoutes } from './archive.routes.js';
import { MISSION_IMPORT_JOB, createImportJob } from './import/import.job.js';

export { MISSION_IMPORT_JOB } from './import/import.job.js';

/** Lossless mission archives: export (ZIP, optionally without blue details) and import as a job. */
export const archiveModule: AppModule = {
  name: 'archive',
  jobs: (ctx) => ({ [MISSION_IMPORT_JOB]: createImportJob(ctx) }),
  routes: archiveRoutes,
};
