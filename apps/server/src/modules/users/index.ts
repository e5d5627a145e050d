import type { AppModule } from '../../context.js';
import { usersRoutes } from './users.routes.js';
import { UsersService } from './users.service.js';

export { UsersService } from './users.service.js';

/** Admin API for accounts under /api/users. */
export const usersModule: AppModule = {
  name: 'users',
  routes(app, ctx) {
    usersRoutes(app, ctx, new UsersService(ctx));
  },
};
