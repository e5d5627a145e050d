import {
  MissionParams,
  REPORT_SECTIONS,
  ReportData,
  ReportDataQuery,
  ReportOptions,
  reportDataJsonSchema,
} from '@metamorph/contract';
import type { App, AppContext } from '../../context.js';
import type { MissionAccess } from '../../kernel/mission-access.js';
import { notFound } from '../../platform/errors.js';
import { inTx } from '../../platform/tx.js';
import { buildReportModel } from './model/build.js';
import { loadReportSource } from './model/load.js';
import { toReportData } from './model/report-data.js';
import { thumbnailCache } from './report.job.js';

/**
 * The report data model of a mission as a report would be built now: every section, evidence
 * listed, redaction on (exactly the reports' patterns), hidden tests only when asked for by a
 * caller who sees them. Read in one transaction, like the report job.
 */
export async function missionReportData(
  ctx: AppContext,
  access: MissionAccess,
  query: ReportDataQuery,
): Promise<ReportData> {
  const options = ReportOptions.parse({
    sections: [...REPORT_SECTIONS],
    include_hidden: query.include_hidden === 'true' && access.seesHidden,
  });
  const actor = access.actor;
  const source = await inTx(ctx.db, (tx) =>
    loadReportSource(tx, access.mission.id, {
      includeHidden: options.include_hidden,
      compareFor: { userId: actor.via === 'cli' ? null : actor.userId },
    }),
  );
  if (!source) throw notFound('Mission');
  const model = buildReportModel({
    source,
    format: 'html',
    options,
    generatedAt: ctx.clock.now(),
    generatedBy: actor.displayName,
    store: ctx.evidence,
    thumbnails: thumbnailCache(ctx),
  });
  return toReportData(model, access.mission.id, options);
}

/** `GET /api/missions/:id/report-data` and its JSON Schema. */
export function reportDataRoutes(app: App, ctx: AppContext): void {
  const tags = ['reports'];
  app.get(
    '/api/missions/:id/report-data',
    {
      // The same guard as generating a report: visibility (404), then report.export (403).
      config: { auth: 'user', mission: 'read', permission: 'report.export' },
      schema: {
        tags,
        summary: 'The report data model: the JSON every report format is built from',
        description:
          'Redacted exactly as reports are. Versioned by schema_version (semver; see docs/reports.md, "Report data changelog"); the JSON Schema is GET /api/schemas/report-data.json.',
        params: MissionParams,
        querystring: ReportDataQuery,
        response: { 200: ReportData },
      },
    },
    async (request) =>
      missionReportData(ctx, request.missionAccess as MissionAccess, request.query),
  );

  const schema = reportDataJsonSchema();
  app.get(
    '/api/schemas/report-data.json',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'The JSON Schema of the report data (docs/report-data.schema.json)',
      },
    },
    async (_request, reply) => reply.type('application/schema+json').send(schema),
  );
}
