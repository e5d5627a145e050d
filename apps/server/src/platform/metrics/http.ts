import type { FastifyInstance } from 'fastify';
import type { AppMetrics } from './metrics.js';

/**
 * Observes every response's latency under its route pattern (`/api/missions/:id`), never the
 * raw URL: ids in paths would make one series per mission. Requests no route matched share
 * `unmatched`.
 */
export function registerHttpMetrics(app: FastifyInstance, metrics: AppMetrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
