import type { App, AppContext } from '../../context.js';
import { notFound, unauthenticated } from '../../platform/errors.js';
import { metricsTokenMatches } from '../../platform/metrics/listener.js';

/**
 * `GET /metrics` on the main port, answered only when METRICS_TOKEN is set and presented as a
 * bearer token; without a token the path does not exist here (METRICS_PORT serves it on its own
 * listener, see serve.ts).
 */
export function metricsRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/metrics',
    {
      config: { auth: 'public', ownAuthorization: true },
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics (Authorization: Bearer METRICS_TOKEN)',
        hide: true,
      },
    },
    async (request, reply) => {
      const token = ctx.env.metrics.token;
      if (token === undefined) throw notFound('Route');
      if (!metricsTokenMatches(request.headers.authorization, token)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw unauthenticated('Metrics need "Authorization: Bearer <METRICS_TOKEN>"');
      }
      reply.header('content-type', ctx.metrics.contentType);
      reply.header('cache-control', 'no-store');
      return ctx.metrics.render();
    },
  );
}
