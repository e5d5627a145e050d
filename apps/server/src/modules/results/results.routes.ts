import {
  Coverage,
  CoverageQuery,
  Heatmap,
  HeatmapQuery,
  MissionDashboard,
  MissionParams,
  OutcomeBasisParam,
  ResultFilter,
  ResultTestList,
} from '@metamorph/contract';
import { z } from 'zod';
import type { App } from '../../context.js';
import type { MissionAccess } from '../../kernel/mission-access.js';
import { requireActor } from '../../platform/authz.js';
import type { ResultsService } from './results.service.js';

const DashboardQuery = z.object({ basis: OutcomeBasisParam.default('reviewed') }).strict();

/** Dashboard, heat map and the tests behind a number (mission routes); coverage (client). */
export function resultsRoutes(app: App, s: ResultsService): void {
  const tags = ['results'];
  const read = { auth: 'user', mission: 'read' } as const;
  // The mission guard ran first (config.mission) and left what it found on the request.
  const access = (request: { missionAccess?: MissionAccess }) => request.missionAccess!;

  app.get(
    '/api/missions/:id/dashboard',
    {
      config: read,
      schema: {
        tags,
        summary: 'Mission dashboard: progress, outcome rates, tactics, times, tools, gaps',
        params: MissionParams,
        querystring: DashboardQuery,
        response: { 200: MissionDashboard },
      },
    },
    async (request) => s.dashboard(access(request), request.query.basis),
  );
  app.get(
    '/api/missions/:id/heatmap',
    {
      config: read,
      schema: {
        tags,
        summary: 'Heat map cells per tested technique (worst, best or latest outcome)',
        params: MissionParams,
        querystring: HeatmapQuery,
        response: { 200: Heatmap },
      },
    },
    async (request) => s.heatmap(access(request), request.query.rule, request.query.basis),
  );
  app.get(
    '/api/missions/:id/results/tests',
    {
      config: read,
      schema: {
        tags,
        summary: 'The tests behind a dashboard or heat-map number (its filter)',
        params: MissionParams,
        querystring: ResultFilter,
        response: { 200: ResultTestList },
      },
    },
    async (request) => s.tests(access(request), request.query),
  );
  app.get(
    '/api/coverage',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: "One client's coverage across missions: heat map, trend, regressions",
        querystring: CoverageQuery,
        response: { 200: Coverage },
      },
    },
    async (request) => s.coverage(requireActor(request.actor), request.query),
  );
}
