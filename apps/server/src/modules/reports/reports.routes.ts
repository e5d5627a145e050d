import {
  MissionParams,
  RedactionPreview,
  Report,
  ReportAccepted,
  ReportList,
  ReportOptions,
  ReportRequest,
} from '@metamorph/contract';
import { z } from 'zod';
import type { App, AppContext } from '../../context.js';
import type { MissionAccess } from '../../kernel/mission-access.js';
import { notFound } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { reportDisposition } from './filename.js';
import { redactionPreview } from './redaction/preview.js';
import type { ReportsService } from './reports.service.js';

/** A malformed report id names no report: the same 404 as an unknown one. */
const ReportParams = z.object({ id: z.string() });
const reportId = (id: string) => {
  if (!isUuid(id)) throw notFound('Report');
  return id;
};

/** Mission reports: ask for one (202 + job), history, status, download, redaction preview. */
export function reportsRoutes(app: App, ctx: AppContext, s: ReportsService): void {
  const tags = ['reports'];
  // Visibility first (404 for non-members), then report.export (403): the mission guard.
  const exporting = { auth: 'user', mission: 'read', permission: 'report.export' } as const;
  const access = (request: { missionAccess?: MissionAccess }) => request.missionAccess!;

  app.post(
    '/api/missions/:id/reports',
    {
      config: exporting,
      schema: {
        tags,
        summary: 'Generate a mission report (pdf, docx or html) as a job',
        description:
          'Answers 202 with the report (queued) and its job (progress per test). Unknown options or sections are refused (422); a format whose renderer is not installed answers 422 "format not available". include_hidden is honoured only for callers who see tests hidden from blue.',
        params: MissionParams,
        body: ReportRequest,
        response: { 202: ReportAccepted },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await s.request(request.auditContext(), request.params.id, request.body)),
  );

  app.get(
    '/api/missions/:id/reports',
    {
      config: exporting,
      schema: {
        tags,
        summary: "The mission's reports, newest first",
        params: MissionParams,
        response: { 200: ReportList },
      },
    },
    async (request) => s.list(access(request)),
  );

  app.post(
    '/api/missions/:id/reports/redaction-preview',
    {
      config: exporting,
      schema: {
        tags,
        summary: 'What a report with these options would mask (excerpts already masked)',
        params: MissionParams,
        body: ReportOptions,
        response: { 200: RedactionPreview },
      },
    },
    async (request) => redactionPreview(ctx, access(request), request.body),
  );

  app.get(
    '/api/reports/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'A report: status, options, size, SHA-256, who asked and when',
        params: ReportParams,
        response: { 200: Report },
      },
    },
    async (request) => s.get(request.actor, reportId(request.params.id)),
  );

  app.get(
    '/api/reports/:id/content',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'The report file (attachment; 409 until it is written)',
        params: ReportParams,
      },
    },
    async (request, reply) => {
      const c = await s.content(request.actor, reportId(request.params.id));
      if (c.report.size_bytes !== null) reply.header('content-length', c.report.size_bytes);
      return reply
        .type(c.mime)
        .header('content-disposition', reportDisposition(c.report.file_name, c.report.format))
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-security-policy',
          "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'",
        )
        .header('cache-control', 'private, no-store')
        .send(c.stream);
    },
  );
}
