import type { App, AppContext } from '../../context.js';
import { notFound } from '../../platform/errors.js';
import {
  missionAccess,
  missionNotFound,
  requireManage,
  type MissionAccess,
} from '../../kernel/mission-access.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A mission route: `read` needs visibility (404 otherwise), `manage` also the lead role or
     * admin.missions (403). Checked before the body is validated, so the order is always
     * 401 → 404 → 403 → 422; the services check again inside their transactions.
     */
    mission?: 'read' | 'manage';
  }
  interface FastifyRequest {
    /** What the mission guard found (route-level checks reuse it; services re-check in their transaction). */
    missionAccess?: MissionAccess;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerMissionGuard(app: App, ctx: AppContext): void {
  app.decorateRequest('missionAccess', undefined);
  app.addHook('preValidation', async (request) => {
    const need = request.routeOptions.config.mission;
    if (!need) return;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const id = params.id;
    // A malformed id names no mission anyone may see: the same 404 as any other.
    if (typeof id !== 'string' || !UUID.test(id)) throw missionNotFound();
    for (const [key, value] of Object.entries(params)) {
      // Sub-resource ids (testId, scenarioId, …) likewise: malformed reads as not found.
      if (key.endsWith('Id') && (typeof value !== 'string' || !UUID.test(value))) {
        throw notFound(key.slice(0, -2).replace(/^./, (c) => c.toUpperCase()));
      }
    }
    const access = await missionAccess(ctx.db, request.actor, id, {
      includeDeleted: request.routeOptions.url?.endsWith('/restore') ?? false,
    });
    request.missionAccess = access;
    if (need === 'manage') requireManage(access);
  });
}
