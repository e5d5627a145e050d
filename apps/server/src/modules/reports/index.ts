import type { AppModule } from '../../context.js';
import { reportDataRoutes } from './report-data.routes.js';
import { REPORT_JOB, createReportJob } from './report.job.js';
import { reportsRoutes } from './reports.routes.js';
import { ReportsService } from './reports.service.js';
import { summaryRoutes } from './summary.routes.js';
import { SummaryService } from './summary.service.js';

export { assertSafePatterns } from './redaction/safe-regex.js';
export { REPORT_JOB } from './report.job.js';

/** Mission reports (PDF, DOCX, HTML, PPTX, XLSX) as jobs, their history and files; the executive summary. */
export const reportsModule: AppModule = {
  name: 'reports',
  jobs: (ctx) => ({ [REPORT_JOB]: createReportJob(ctx) }),
  routes(app, ctx) {
    reportsRoutes(app, ctx, new ReportsService(ctx));
    summaryRoutes(app, new SummaryService(ctx));
    reportDataRoutes(app, ctx);
  },
};
