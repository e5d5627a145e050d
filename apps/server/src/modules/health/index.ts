import { ErrorCode, HealthResponse, ReadyResponse } from '@metamorph/contract';
import type { AppModule } from '../../context.js';
import { loadMigrations, migrationStatus } from '../../db/migrate.js';
import { DomainError } from '../../platform/errors.js';
import { VERSION } from '../../version.js';
import { metricsRoutes } from './metrics.routes.js';

export const healthModule: AppModule = {
  name: 'health',
  routes(app, ctx) {
    // The migrations this build expects: read once, not from disk on every probe.
    const expected = loadMigrations();
    metricsRoutes(app, ctx);
    app.get(
      '/healthz',
      {
        schema: { tags: ['health'], summary: 'Process is up', response: { 200: HealthResponse } },
      },
      async () => ({
        status: 'ok' as const,
        version: VERSION,
        uptime_s: Math.round(process.uptime() * 1000) / 1000,
      }),
    );
    app.get(
      '/readyz',
      {
        schema: {
          tags: ['health'],
          summary: 'Database reachable, migrations applied, evidence store writable',
          response: { 200: ReadyResponse },
        },
      },
      async () => {
        let status;
        try {
          status = await migrationStatus(ctx.database, expected);
        } catch (err) {
          app.log.warn({ err }, 'readiness check: database unreachable');
          throw new DomainError(ErrorCode.NotReady, 'Database is unreachable');
        }
        if (status.pending.length > 0) {
          throw new DomainError(
            ErrorCode.NotReady,
            `Migrations pending: ${status.pending.join(', ')}`,
          );
        }
        try {
          await ctx.evidence.check();
        } catch (err) {
          app.log.warn({ err }, 'readiness check: evidence store unavailable');
          throw new DomainError(
            ErrorCode.NotReady,
            `Evidence store (${ctx.evidence.kind}) is unavailable`,
          );
        }
        return {
          status: 'ready' as const,
          database: ctx.database.kind,
          evidence: ctx.evidence.kind,
          migrations: { applied: status.applied, expected: status.expected },
        };
      },
    );
  },
};
