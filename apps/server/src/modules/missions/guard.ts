import type { App, AppContext } from '../../context.js';
import { notFound } from '../../platform/errors.js';
import { requireRoutePermission } from '../../platform/authz.js';
import { missionAccess, missionNotFound, type MissionAccess } from '../../kernel/mission-access.js';
import { requireLevel, type MissionWriteLevel } from '../../kernel/mission-write.js';
import { isUuid } from '../../platform/ids.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A mission route: `read` needs visibility (404 otherwise), `write` also a red or blue
     * side in it or the lead role (403), `manage` the lead role or admin.missions (403).
     * Checked before the body is validated, so the order is always 401 → 404 → 403 → 422; the
     * services check again on the row they lock (`missionWrite`). A route that writes must
     * declare `write` or `manage` (test/route-policy.test.ts walks the route table).
     */
    mission?: MissionWriteLevel;
  }
  interface FastifyRequest {
    /** What the mission guard found (route-level checks reuse it; services re-check in their transaction). */
    missionAccess?: MissionAccess;
  }
}

export function registerMissionGuard(app: App, ctx: AppContext): void {
  app.decorateRequest('missionAccess', undefined);
  app.addHook('preValidation', async (request) => {
    const need = request.routeOptions.config.mission;
    if (!need) return;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const id = params.id;
    // A malformed id names no mission anyone may see: the same 404 as any other.
    if (!isUuid(id)) throw missionNotFound();
    for (const [key, value] of Object.entries(params)) {
      // Sub-resource ids (testId, scenarioId, …) likewise: malformed reads as not found.
      if (key.endsWith('Id') && !isUuid(value)) {
        throw notFound(key.slice(0, -2).replace(/^./, (c) => c.toUpperCase()));
      }
    }
    const access = await missionAccess(ctx.db, request.actor, id, {
      includeDeleted: request.routeOptions.url?.endsWith('/restore') ?? false,
    });
    request.missionAccess = access;
    requireLevel(access, need);
    const permission = request.routeOptions.config.permission;
    if (permission) requireRoutePermission(request.actor, permission);
  });
}
