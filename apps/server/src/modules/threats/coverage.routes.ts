import {
  NextTests,
  NextTestsPlan,
  NextTestsPlanResult,
  NextTestsQuery,
  ThreatCoverage,
  ThreatCoverageQuery,
  ThreatProfileParams,
} from '@metamorph/contract';
import type { App } from '../../context.js';
import { PROFILE_WRITERS } from './client-access.js';
import type { ThreatCoverageService } from './coverage.service.js';
import type { NextTestsService } from './next-tests.service.js';

/** Threat coverage, next tests and the plan action of one profile. */
export function coverageRoutes(
  app: App,
  s: { coverage: ThreatCoverageService; next: NextTestsService },
): void {
  const tags = ['threat coverage'];
  const base = '/api/clients/:id/threat-profiles/:profileId';
  app.get(
    `${base}/coverage`,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: "Each profile technique's tested status, the threat coverage score, its trend",
        description: 'docs/threat-coverage.md defines the statuses and the score.',
        params: ThreatProfileParams,
        querystring: ThreatCoverageQuery,
        response: { 200: ThreatCoverage },
      },
    },
    async (request) =>
      s.coverage.coverage(
        request.auditContext(),
        request.params.id,
        request.params.profileId,
        request.query,
      ),
  );
  app.get(
    `${base}/next-tests`,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'What to test next: ranked profile techniques with library templates',
        params: ThreatProfileParams,
        querystring: NextTestsQuery,
        response: { 200: NextTests },
      },
    },
    async (request) =>
      s.next.list(
        request.auditContext(),
        request.params.id,
        request.params.profileId,
        request.query,
      ),
  );
  app.post(
    `${base}/next-tests/plan`,
    {
      config: { auth: 'user', permission: PROFILE_WRITERS },
      schema: {
        tags,
        summary:
          'Add the chosen templates to a planned or active mission of the client, or a new one',
        params: ThreatProfileParams,
        body: NextTestsPlan,
        response: { 201: NextTestsPlanResult },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await s.next.plan(
            request.auditContext(),
            request.params.id,
            request.params.profileId,
            request.body,
          ),
        ),
  );
}
