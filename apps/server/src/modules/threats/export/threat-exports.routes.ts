import { NextTestsExportQuery, ThreatLayerQuery, ThreatProfileParams } from '@metamorph/contract';
import type { FastifyReply } from 'fastify';
import type { App } from '../../../context.js';
import type { Download, ThreatExportsService } from './threat-exports.service.js';

const send = <T>(reply: FastifyReply, d: Download<T>) =>
  reply
    .type(d.contentType)
    .header('content-disposition', d.disposition)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(d.body);

/**
 * Downloads of a profile (report.export, as every layer and export; then the coverage's
 * client-scoped read: 404 for a client or profile the caller cannot see).
 */
export function threatExportRoutes(app: App, exports: ThreatExportsService): void {
  const tags = ['threat coverage'];
  const base = '/api/clients/:id/threat-profiles/:profileId';
  app.get(
    `${base}/layer`,
    {
      config: { auth: 'user', permission: 'report.export' },
      schema: {
        tags,
        summary:
          'The threat overlay as an ATT&CK Navigator layer (format 4.5): profile techniques scored by importance and coloured by tested status, others hidden or greyed',
        description: 'docs/threat-coverage.md describes the layer.',
        params: ThreatProfileParams,
        querystring: ThreatLayerQuery,
      },
    },
    async (request, reply) =>
      send(
        reply,
        await exports.layer(
          request.auditContext(),
          request.params.id,
          request.params.profileId,
          request.query,
        ),
      ),
  );
  app.get(
    `${base}/next-tests/export`,
    {
      config: { auth: 'user', permission: 'report.export' },
      schema: {
        tags,
        summary: 'The ranked next tests as CSV or XLSX (format=csv|xlsx)',
        description:
          'One row per ranked technique (docs/threat-coverage.md lists the columns). Cells starting with = + - @ tab or carriage return are prefixed with a quote.',
        params: ThreatProfileParams,
        querystring: NextTestsExportQuery,
      },
    },
    async (request, reply) =>
      send(
        reply,
        await exports.nextTests(
          request.auditContext(),
          request.params.id,
          request.params.profileId,
          request.query,
        ),
      ),
  );
}
