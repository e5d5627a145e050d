import { ExecutiveSummary, ExecutiveSummaryUpdate, MissionParams } from '@metamorph/contract';
import type { App } from '../../context.js';
import type { SummaryService } from './summary.service.js';

/** The executive summary of a mission's reports: members read it, leads edit it. */
export function summaryRoutes(app: App, s: SummaryService): void {
  const tags = ['reports'];
  app.get(
    '/api/missions/:id/executive-summary',
    {
      config: { auth: 'user', mission: 'read' },
      schema: {
        tags,
        summary: "The mission's executive summary (markdown) and its version",
        params: MissionParams,
        response: { 200: ExecutiveSummary },
      },
    },
    async (request) => s.get(request.missionAccess!),
  );
  app.put(
    '/api/missions/:id/executive-summary',
    {
      config: { auth: 'user', mission: 'manage' },
      schema: {
        tags,
        summary: 'Replace the executive summary (leads; 409 when `version` is stale; audited)',
        params: MissionParams,
        body: ExecutiveSummaryUpdate,
        response: { 200: ExecutiveSummary },
      },
    },
    async (request) => s.put(request.auditContext(), request.params.id, request.body),
  );
}
