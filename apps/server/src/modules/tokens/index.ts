import type { AppModule } from '../../context.js';
import { tokensRoutes } from './tokens.routes.js';
import { TokensService } from './tokens.service.js';

/** Personal API tokens under /api/me/tokens. */
export const tokensModule: AppModule = {
  name: 'tokens',
  routes(app, ctx) {
    tokensRoutes(app, new TokensService(ctx));
  },
};
