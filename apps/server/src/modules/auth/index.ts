import type { AppModule } from '../../context.js';
import { authRoutes } from './auth.routes.js';
import { AuthService } from './auth.service.js';
import { oidcRoutes } from './oidc/oidc.routes.js';
import { mfaRoutes } from './mfa/mfa.routes.js';
import { MfaService } from './mfa/mfa.service.js';
import { seedFirstAdmin, seedRoles } from './seed.js';
import { authHousekeeping } from './housekeeping.js';
import { checkAndSealTotpSecrets } from './mfa/totp-secret.js';

/** What app.ts and the users and tokens modules use of authentication. */
export { API_TOKEN_PREFIX, registerAuthentication } from './authenticate.js';
export { clearMfa } from './mfa/mfa.repo.js';
export { resealTotpSecrets } from './mfa/totp-secret.js';

export const authModule: AppModule = {
  name: 'auth',
  housekeeping: authHousekeeping,
  async seed(ctx) {
    await checkAndSealTotpSecrets(ctx);
    await seedRoles(ctx);
    await seedFirstAdmin(ctx);
  },
  routes(app, ctx) {
    const auth = new AuthService(ctx);
    authRoutes(app, ctx, auth);
    mfaRoutes(app, ctx, new MfaService(ctx, auth));
    oidcRoutes(app, ctx);
  },
};
