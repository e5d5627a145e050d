import type { AppModule } from '../../context.js';
import { authRoutes } from './auth.routes.js';
import { AuthService } from './auth.service.js';
import { seedFirstAdmin, seedRoles } from './seed.js';

export const authModule: AppModule = {
  name: 'auth',
  async seed(ctx) {
    await seedRoles(ctx);
    await seedFirstAdmin(ctx);
  },
  routes(app, ctx) {
    authRoutes(app, ctx, new AuthService(ctx));
  },
};
