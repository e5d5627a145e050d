import {
  FromGroupRequest,
  FromGroupResult,
  RemapAttackRequest,
  RemapAttackResult,
} from '@metamorph/contract';
import type { App } from '../../context.js';
import { requirePermission } from '../../platform/authz.js';
import type { FromGroupService } from './from-group.service.js';
import type { RemapService } from './remap.service.js';

/** Library actions driven by the ATT&CK catalog: scenarios from groups, tag remaps. */
export function libraryActionRoutes(
  app: App,
  s: { fromGroup: FromGroupService; remap: RemapService },
): void {
  const tags = ['library'];
  app.post(
    '/api/library/scenarios/from-group',
    {
      // A preview needs library.read only (the route's permission); anything else needs
      // library.write, checked before the body is validated (403 before 422) and again by the
      // service on the parsed body.
      config: { permission: 'library.read' },
      preValidation: async (request) => {
        const body = request.body as { preview?: unknown } | null | undefined;
        if (body?.preview !== true) requirePermission(request.actor, 'library.write');
      },
      schema: {
        tags,
        summary:
          "A scenario template covering every live technique an ATT&CK group uses (reusing the library's templates, creating bare ones); `preview: true` writes nothing",
        body: FromGroupRequest,
        response: { 200: FromGroupResult },
      },
    },
    async (request) => s.fromGroup.run(request.auditContext(), request.body),
  );

  app.post(
    '/api/library/remap-attack',
    {
      config: { permission: 'library.write' },
      schema: {
        tags,
        summary:
          "Move every template's tag from one technique to another (default: the revoked technique's replacement)",
        body: RemapAttackRequest,
        response: { 200: RemapAttackResult },
      },
    },
    async (request) => s.remap.remap(request.auditContext(), request.body),
  );
}
