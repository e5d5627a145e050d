import type { AppModule } from '../../context.js';
import { rolesRoutes } from './roles.routes.js';
import { RolesService } from './roles.service.js';

/** Roles under /api/roles and the permission catalogue at /api/permissions. */
export const rolesModule: AppModule = {
  name: 'roles',
  routes(app, ctx) {
    rolesRoutes(app, new RolesService(ctx));
  },
};
