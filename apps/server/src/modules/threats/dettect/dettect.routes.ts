import {
  ClaimedVsTested,
  ClaimedVsTestedQuery,
  DETTECT_MAX_BYTES,
  DettectClaims,
  DettectClaimsState,
  DettectExportQuery,
  DettectImport,
  IdParams,
} from '@metamorph/contract';
import type { App, AppContext } from '../../../context.js';
import { PROFILE_WRITERS } from '../client-access.js';
import type { ThreatCoverageService } from '../coverage.service.js';
import { dettectExport } from './dettect-export.js';
import type { DettectService } from './dettect.service.js';

/** JSON escaping can double the YAML text; the content itself is held to 5 MiB. */
const BODY_LIMIT = 2 * DETTECT_MAX_BYTES + 64 * 1024;

/** DeTT&CT claims of a client: import, current claims, claimed vs tested, export. */
export function dettectRoutes(
  app: App,
  ctx: AppContext,
  s: { dettect: DettectService; coverage: ThreatCoverageService },
): void {
  const tags = ['threat coverage'];
  const base = '/api/clients/:id/dettect';
  app.post(
    base,
    {
      config: { auth: 'user', permission: PROFILE_WRITERS },
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary:
          "Import a DeTT&CT techniques-administration file (version 1.2) as the client's claimed coverage",
        description:
          'Every problem of the file comes back in one 422 with its path and line; nothing is stored then. docs/threat-coverage.md.',
        params: IdParams,
        body: DettectImport,
        response: { 201: DettectClaims },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await s.dettect.import(request.auditContext(), request.params.id, request.body)),
  );
  app.get(
    base,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: "The client's current DeTT&CT claims (the latest import), or null",
        params: IdParams,
        response: { 200: DettectClaimsState },
      },
    },
    async (request) => s.dettect.get(request.auditContext(), request.params.id),
  );
  app.get(
    `${base}/claimed-vs-tested`,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary:
          "Claimed detection scores beside the tested status of a profile's and the claimed techniques, with the discrepancies",
        params: IdParams,
        querystring: ClaimedVsTestedQuery,
        response: { 200: ClaimedVsTested },
      },
    },
    async (request) =>
      s.dettect.claimedVsTested(request.auditContext(), request.params.id, request.query),
  );
  app.get(
    `${base}/export`,
    {
      config: { auth: 'user', permission: 'report.export' },
      schema: {
        tags,
        summary:
          "The client's tested coverage as a DeTT&CT techniques-administration file (YAML, version 1.2)",
        description:
          'Scores from the dettect.detection_scores setting; docs/threat-coverage.md describes the file.',
        params: IdParams,
        querystring: DettectExportQuery,
      },
    },
    async (request, reply) => {
      const d = await dettectExport(
        ctx,
        s.coverage,
        request.auditContext(),
        request.params.id,
        request.query,
      );
      return reply
        .type(d.contentType)
        .header('content-disposition', d.disposition)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(d.body);
    },
  );
}
