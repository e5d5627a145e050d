import { OidcStartQuery, OidcStatus } from '@metamorph/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, AppContext } from '../../../context.js';
import { FixedWindowLimiter } from '../../../platform/http/rate-limit.js';
import { cookiePolicy, setSessionCookie } from '../cookies.js';
import { OidcClient } from './oidc.client.js';
import { errorLocation, OidcService, STATE_TTL_MS } from './oidc.service.js';

const COOKIE_PATH = '/api/auth/oidc';

/**
 * `GET /api/auth/oidc` (is SSO configured?), `GET /api/auth/oidc/start` and
 * `GET /api/auth/oidc/callback` (top-level browser navigations: GETs, so the CSRF checks
 * for writes do not apply; the state cookie + state + nonce + PKCE protect the flow).
 */
export function oidcRoutes(app: App, ctx: AppContext, client?: OidcClient): void {
  const settings = ctx.env.oidc;
  const service = settings
    ? new OidcService(
        ctx,
        settings,
        client ?? new OidcClient(settings, { allowHttp: ctx.env.testMode }),
        app.log,
      )
    : undefined;
  const session = cookiePolicy(ctx.env.publicUrl);
  const stateCookie = session.secure ? '__Secure-metamorph_sso' : 'metamorph_sso';
  const tags = ['auth'];
  const startLimiter = new FixedWindowLimiter(ctx.env.oidcStartPerMinute, 60_000, ctx.clock);
  const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
  const clearState = (reply: FastifyReply) =>
    reply.clearCookie(stateCookie, { path: COOKIE_PATH, secure: session.secure, httpOnly: true });

  app.get(
    '/api/auth/oidc',
    {
      config: { auth: 'public', allowDuringPasswordChange: true },
      schema: {
        tags,
        summary: 'Whether single sign-on (OpenID Connect) is configured, and its label',
        response: { 200: OidcStatus },
      },
    },
    async () => ({ enabled: service !== undefined, label: settings?.label ?? 'SSO' }),
  );

  app.get(
    '/api/auth/oidc/start',
    {
      config: { auth: 'public', allowDuringPasswordChange: true },
      schema: {
        tags,
        summary: 'Start an SSO sign-in: redirects to the identity provider',
        querystring: OidcStartQuery,
      },
    },
    async (request, reply) => {
      // Each start fetches the provider's metadata and stores a state: bounded per address.
      const allowed = startLimiter.take(request.ip);
      if (!allowed.ok) {
        return reply
          .header('retry-after', String(allowed.retryAfterS))
          .header('cache-control', 'no-store')
          .redirect(errorLocation('rate_limited'), 302);
      }
      if (!service) return reply.redirect(errorLocation('not_configured'), 302);
      const started = await service.start(request.query.return_to, origin(request));
      if (started.state) {
        reply.setCookie(stateCookie, started.state, {
          httpOnly: true,
          // Lax: sent on the provider's top-level redirect back to the callback.
          sameSite: 'lax',
          secure: session.secure,
          path: COOKIE_PATH,
          maxAge: STATE_TTL_MS / 1000,
        });
      }
      return reply.header('cache-control', 'no-store').redirect(started.location, 302);
    },
  );

  app.get(
    '/api/auth/oidc/callback',
    {
      config: { auth: 'public', allowDuringPasswordChange: true },
      schema: {
        tags,
        summary: 'The identity provider returns here; signs in and redirects to the app',
      },
    },
    async (request, reply) => {
      clearState(reply);
      reply.header('cache-control', 'no-store');
      if (!service) return reply.redirect(errorLocation('not_configured'), 302);
      const search = request.url.includes('?')
        ? request.url.slice(request.url.indexOf('?') + 1)
        : '';
      const result = await service.callback({
        search,
        stateCookie: request.cookies[stateCookie],
        origin: origin(request),
        previous: request.session,
        audit: request.auditContext(),
      });
      if (result.session) {
        setSessionCookie(reply, session, result.session.token, result.session.session.expiresAt);
      }
      return reply.redirect(result.location, 302);
    },
  );
}
