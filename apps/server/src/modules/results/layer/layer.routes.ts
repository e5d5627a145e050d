import { IdParams, LayerQuery } from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import type { App, AppContext } from '../../../context.js';
import { clients } from '../../../db/schema/index.js';
import { missionNotFound } from '../../../kernel/mission-access.js';
import { listDetectionLevels } from '../../execution/index.js';
import { loadMissionResults } from '../results.repo.js';
import { buildLayer } from './build-layer.js';
import { layerSource } from './layer-source.js';

/** `q1-exercise`: lower-case ASCII letters and digits joined by dashes (for file names). */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'mission';
}

/** The mission's ATT&CK Navigator layer, as a download. */
export function layerRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/missions/:id/layer',
    {
      config: { auth: 'user', mission: 'read' },
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
      // Hidden tests count only for those who may see them (never for a blue-only member).
      const data = await loadMissionResults(ctx.db, mission.id, {
        includeHidden: access.seesHidden,
      });
      const [client] = await ctx.db
        .select({ name: clients.name })
        .from(clients)
        .where(eq(clients.id, mission.clientId));
      const levels = await listDetectionLevels(ctx.db);
      const now = ctx.clock.now();
      const layer = buildLayer({
        ...layerSource(data),
        name: mission.name,
        description: `Detection coverage of the mission ${mission.name}${client ? ` (${client.name})` : ''}.`,
        levels,
        rule: request.query.rule,
        metadata: [
          { name: 'Mission', value: mission.name },
          { name: 'Client', value: client?.name ?? '' },
          { name: 'Exported', value: now.toISOString() },
        ],
      });
      const file = `${slugify(mission.name)}-layer-${now.toISOString().slice(0, 10)}.json`;
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(layer);
    },
  );
}
