import { CoverageQuery, IdParams, LayerQuery } from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import type { App, AppContext } from '../../../context.js';
import { clients } from '../../../db/schema/index.js';
import { missionNotFound } from '../../../kernel/mission-access.js';
import { requireActor } from '../../../platform/authz.js';
import { listDetectionLevels } from '../../execution/index.js';
import { filterTests, judgeByLayer } from '../coverage.js';
import { asciiSlug } from '../export/filename.js';
import { loadMissionResults } from '../results.repo.js';
import type { ResultsService } from '../results.service.js';
import { buildLayer } from './build-layer.js';
import { layerSource } from './layer-source.js';
import type { LayerMetadata } from './navigator-layer.js';

const download = (name: string, now: Date) =>
  `attachment; filename="${asciiSlug(name)}-layer-${now.toISOString().slice(0, 10)}.json"`;

/** The mission's (and a client's) ATT&CK Navigator layer, as a download (report.export). */
export function layerRoutes(app: App, ctx: AppContext, results: ResultsService): void {
  app.get(
    '/api/missions/:id/layer',
    {
      config: { auth: 'user', mission: 'read', permission: 'report.export' },
      schema: {
        tags: ['results'],
        summary:
          'The mission as an ATT&CK Navigator layer (format 4.5): one score per technique and tactic, from the detection level the rule picks',
        params: IdParams,
        querystring: LayerQuery,
      },
    },
    async (request, reply) => {
      const access = request.missionAccess;
      if (!access) throw missionNotFound();
      const { mission } = access;
      const [client] = await ctx.db
        .select({ name: clients.name })
        .from(clients)
        .where(eq(clients.id, mission.clientId));
      const now = ctx.clock.now();
      const { rule, basis } = request.query;
      // Built once per mission change (and client name); only the export time is per request.
      const built = await results.memo(
        access,
        ['layer', rule, basis, client?.name ?? ''],
        async () =>
          buildLayer({
            // Hidden tests count only for those who may see them (never for a blue-only member).
            ...layerSource(
              await loadMissionResults(ctx.db, mission.id, { includeHidden: access.seesHidden }),
            ),
            name: mission.name,
            description: `Detection coverage of the mission ${mission.name}${client ? ` (${client.name})` : ''}.`,
            levels: await listDetectionLevels(ctx.db),
            rule,
            basis,
            metadata: [
              { name: 'Mission', value: mission.name },
              { name: 'Client', value: client?.name ?? '' },
            ],
          }),
      );
      const [mission_, client_, ...rest] = built.metadata;
      const layer = {
        ...built,
        metadata: [
          ...(mission_ ? [mission_] : []),
          ...(client_ ? [client_] : []),
          { name: 'Exported', value: now.toISOString() },
          ...rest,
        ],
      };
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', download(mission.name, now))
        .send(layer);
    },
  );

  app.get(
    '/api/coverage/layer',
    {
      config: { auth: 'user', permission: 'report.export' },
      schema: {
        tags: ['results'],
        summary:
          "One client's coverage as an ATT&CK Navigator layer (the coverage filters apply; latest = the latest mission with an outcome, as on the coverage page)",
        querystring: CoverageQuery,
      },
    },
    async (request, reply) => {
      const scope = await results.coverageScope(requireActor(request.actor), request.query);
      const q = request.query;
      let data = filterTests(scope.data, q);
      if (q.layer) data = judgeByLayer(data, q.layer, scope.levels);
      const names = new Map(scope.missions.map((m) => [m.id, m.name]));
      const title = scope.client ? `${scope.client.name} coverage` : 'Coverage of every client';
      const now = ctx.clock.now();
      const meta: LayerMetadata[] = [
        { name: 'Client', value: scope.client?.name ?? 'every client' },
        { name: 'Missions', value: scope.missions.map((m) => `${m.name} (${m.date})`).join('; ') },
        ...(q.layer ? [{ name: 'Defence layer', value: q.layer }] : []),
        { name: 'Exported', value: now.toISOString() },
      ];
      const order = new Map(scope.missions.map((m, i) => [m.id, i]));
      const missionOf = new Map(data.tests.map((t) => [t.id, t.missionId]));
      const layer = buildLayer({
        ...layerSource(data, { missionName: (id) => names.get(id) }),
        missionRank: (testId) => order.get(missionOf.get(testId) ?? '') ?? -1,
        name: title,
        description: `Detection coverage of ${scope.missions.length} missions.`,
        levels: await listDetectionLevels(ctx.db),
        rule: q.rule,
        basis: q.basis,
        metadata: meta,
      });
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', download(title, now))
        .send(layer);
    },
  );
}
