import type { App, AppContext } from '../../context.js';
import { evidenceAccess, evidenceNotFound, requireEvidenceSide } from './evidence-access.js';
import { isUuid } from '../../platform/ids.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * An `/api/evidence/:id` route: `read` needs the evidence visible (404 otherwise), `write`
     * also its side in the mission or admin.missions (403). Checked before the body is
     * validated, so the order is 401 → 404 → 403 → 422; the services check again in their
     * transactions.
     */
    evidence?: 'read' | 'write';
  }
}

export function registerEvidenceGuard(app: App, ctx: AppContext): void {
  app.addHook('preValidation', async (request) => {
    const need = request.routeOptions.config.evidence;
    if (!need) return;
    const id = (request.params as { id?: unknown } | undefined)?.id;
    if (!isUuid(id)) throw evidenceNotFound();
    const access = await evidenceAccess(ctx.db, request.actor, id);
    if (need === 'write')
      requireEvidenceSide(access, request.method === 'DELETE' ? 'Deleting' : 'Changing');
  });
}
