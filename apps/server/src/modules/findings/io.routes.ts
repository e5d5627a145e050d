import {
  CompareParams,
  FindingExportQuery,
  MissionCompare,
  MissionParams,
  RetestRequest,
  RetestResult,
} from '@metamorph/contract';
import type { App, AppContext } from '../../context.js';
import { CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, exportDisposition } from '../results/index.js';
import type { CompareService } from './compare.service.js';
import { findingsCsv, findingsXlsx } from './findings-export.js';
import { findingsLayer } from './findings-layer.js';
import type { FindingsService } from './findings.service.js';
import type { RetestService } from './retest.service.js';

/** Retest missions, before/after compare, findings CSV/XLSX and the open-findings layer. */
export function findingsIoRoutes(
  app: App,
  ctx: AppContext,
  s: { findings: FindingsService; retest: RetestService; compare: CompareService },
): void {
  const tags = ['findings'];
  const exporting = { auth: 'user', mission: 'read', permission: 'report.export' } as const;
  app.post(
    '/api/missions/:id/retest',
    {
      config: { auth: 'user', mission: 'manage', permission: 'mission.create' },
      schema: {
        tags,
        summary: 'Create a retest mission from the tests behind findings (leads)',
        params: MissionParams,
        body: RetestRequest,
        response: { 201: RetestResult },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await s.retest.create(request.auditContext(), request.params.id, request.body)),
  );
  app.get(
    '/api/missions/:id/compare/:otherId',
    {
      config: { auth: 'user', mission: 'read' },
      schema: {
        tags,
        summary: 'Before / after of two missions of one client (the older one is before)',
        params: CompareParams,
        response: { 200: MissionCompare },
      },
    },
    async (request) =>
      s.compare.compare(request.auditContext(), request.params.id, request.params.otherId),
  );
  app.get(
    '/api/missions/:id/findings/export',
    {
      config: exporting,
      schema: {
        tags,
        summary: "The mission's findings as CSV or XLSX (docs/findings.md lists the columns)",
        params: MissionParams,
        querystring: FindingExportQuery,
      },
    },
    async (request, reply) => {
      const access = request.missionAccess!;
      const items = await s.findings.list(request.auditContext(), request.params.id);
      const at = ctx.clock.now();
      const format = request.query.format;
      return reply
        .type(format === 'csv' ? CSV_CONTENT_TYPE : XLSX_CONTENT_TYPE)
        .header(
          'content-disposition',
          exportDisposition(`${access.mission.name} findings`, at, format),
        )
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(format === 'csv' ? findingsCsv(items) : findingsXlsx(items, at));
    },
  );
  app.get(
    '/api/missions/:id/findings/layer',
    {
      config: exporting,
      schema: {
        tags,
        summary: 'ATT&CK Navigator layer (4.5) of the techniques of open findings',
        params: MissionParams,
      },
    },
    async (request, reply) => {
      const access = request.missionAccess!;
      const items = await s.findings.list(request.auditContext(), request.params.id);
      const at = ctx.clock.now();
      return reply
        .header(
          'content-disposition',
          exportDisposition(`${access.mission.name} open findings layer`, at, 'json'),
        )
        .header('cache-control', 'private, no-store')
        .send(findingsLayer(`${access.mission.name} — open findings`, items));
    },
  );
}
