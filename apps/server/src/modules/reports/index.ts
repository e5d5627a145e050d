import type { AppModule } from '../../context.js';

export { assertSafePatterns } from './redaction/safe-regex.js';

/** Mission reports (PDF, DOCX, HTML) as jobs, their history and files; the executive summary. */
export const reportsModule: AppModule = {
  name: 'reports',
};
