import type { Database } from '../../db/client.js';
import type { AppMetrics } from './metrics.js';

/**
 * The database's gauges: which kind this process runs on, and on PostgreSQL the pool's
 * connections by state (in use = total − idle) and requests waiting for one. PGlite runs on
 * one in-process connection: it has no pool to report.
 */
export function registerDatabaseMetrics(metrics: AppMetrics, database: Database): void {
  metrics.gauge('metamorph_database_info', 'The database this process uses', ['kind'], () => [
    { labels: { kind: database.kind }, value: 1 },
  ]);
  const stats = database.poolStats?.bind(database);
  if (!stats) return;
  metrics.gauge(
    'metamorph_db_pool_connections',
    'PostgreSQL pool connections by state (max: DATABASE_POOL_MAX)',
    ['state'],
    () => {
      const s = stats();
      return [
        { labels: { state: 'in_use' }, value: s.total - s.idle },
        { labels: { state: 'idle' }, value: s.idle },
        { labels: { state: 'max' }, value: s.max },
      ];
    },
  );
  metrics.gauge(
    'metamorph_db_pool_waiting',
    'Queries waiting for a free PostgreSQL pool connection',
    [],
    () => [{ value: stats().waiting }],
  );
}
