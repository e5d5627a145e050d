import type { App, AppContext } from '../../context.js';
import { isUuid } from '../../platform/ids.js';
import { forbidden } from '../../platform/errors.js';
import { findingAccess, findingNotFound } from './finding-access.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * An `/api/findings/:id` route: `read` needs the finding visible (404 otherwise), `manage`
     * also the lead role in its mission or admin.missions (403). Checked before the body is
     * validated (401 → 404 → 403 → 422); the services check again in their transactions.
     */
    finding?: 'read' | 'manage';
  }
}

export function registerFindingGuard(app: App, ctx: AppContext): void {
  app.addHook('preValidation', async (request) => {
    const need = request.routeOptions.config.finding;
    if (!need) return;
    const id = (request.params as { id?: unknown } | undefined)?.id;
    if (!isUuid(id)) throw findingNotFound();
    const { access } = await findingAccess(ctx.db, request.actor, id);
    if (need === 'manage' && !access.canManage) {
      throw forbidden(
        'Changing a finding needs the lead role in its mission (with mission.manage) or admin.missions',
      );
    }
  });
}
