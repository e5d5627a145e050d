import type { Readable } from 'node:stream';
import { MissionExportQuery, MissionParams, type MissionExportFormat } from '@metamorph/contract';
import type { App, AppContext } from '../../../context.js';
import { missionNotFound } from '../../../kernel/mission-access.js';
import { inTx } from '../../../platform/tx.js';
import { CSV_CONTENT_TYPE, csvStream } from './csv.js';
import { loadExportData, type ExportData } from './export.repo.js';
import { exportDisposition } from './filename.js';
import { JSON_CONTENT_TYPE, jsonStream } from './json.js';
import { XLSX_CONTENT_TYPE, xlsxStream } from './xlsx.js';

const WRITERS: Record<
  MissionExportFormat,
  { contentType: string; stream(data: ExportData): Readable }
> = {
  csv: { contentType: CSV_CONTENT_TYPE, stream: csvStream },
  xlsx: { contentType: XLSX_CONTENT_TYPE, stream: xlsxStream },
  json: { contentType: JSON_CONTENT_TYPE, stream: jsonStream },
};

/** `GET /api/missions/:id/export`: the mission's tests as CSV, XLSX or JSON (docs/exports.md). */
export function exportRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/missions/:id/export',
    {
      // Visibility first (404 for non-members), then report.export (403): the mission guard.
      config: { auth: 'user', mission: 'read', permission: 'report.export' },
      schema: {
        tags: ['results'],
        summary: 'Export the tests of a mission, one row each (format=csv|xlsx|json)',
        description:
          'Every planning, red and blue field of each test and, per defence tool of the mission, its prevented / alerted / logged facts, detection time, rule, severity, case and note (docs/exports.md lists the columns). Tests hidden from blue are left out for blue-only members. CSV and XLSX cells starting with = + - @ tab or carriage return are prefixed with a quote.',
        params: MissionParams,
        querystring: MissionExportQuery,
      },
    },
    async (request, reply) => {
      const access = request.missionAccess;
      if (!access) throw missionNotFound();
      const exportedAt = ctx.clock.now();
      const data = await inTx(ctx.db, (tx) => loadExportData(tx, access, exportedAt));
      const writer = WRITERS[request.query.format];
      return reply
        .type(writer.contentType)
        .header(
          'content-disposition',
          exportDisposition(data.mission.name, exportedAt, request.query.format),
        )
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(writer.stream(data));
    },
  );
}
