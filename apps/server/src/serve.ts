import { mkdirSync } from 'node:fs';
import pino from 'pino';
import { buildApp } from './app.js';
import {
  checkStores,
  describeDatabase,
  describeEvidence,
  openAndMigrate,
  openStores,
} from './bootstrap.js';
import type { Env } from './env.js';
import { S3EvidenceStore } from './platform/blob/s3/index.js';
import { startStagingJanitor } from './platform/blob/staging-sweep.js';
import { systemClock } from './platform/clock.js';
import { startMetricsListener, type MetricsListener } from './platform/metrics/listener.js';

const SHUTDOWN_GRACE_MS = 4_000;

/** Starts the server and wires graceful shutdown; resolves once listening. */
export async function serve(env: Env): Promise<void> {
  const logger = pino({ level: env.logLevel });
  const stores = openStores(env);
  if (!env.s3) mkdirSync(env.evidenceDir, { recursive: true });
  await checkStores(env, stores.evidence);
  const database = await openAndMigrate(env, logger);
  // Uploads a killed process left half-received (FINDINGS #4). On the embedded database this
  // process holds the data dir's lock, so every staged file is stale; on PostgreSQL other
  // processes may be uploading into a shared evidence dir: only files idle past the age limit.
  const janitor = startStagingJanitor({
    root: env.evidenceDir,
    s3: stores.evidence instanceof S3EvidenceStore ? stores.evidence : undefined,
    log: logger,
    maxAgeMs: env.evidenceStagingMaxAgeMs,
    sweepAllAtStart: env.databaseUrl === undefined,
  });
  await janitor.first;
  const app = await buildApp({
    env,
    database,
    clock: systemClock,
    blobs: stores.blobs,
    evidence: stores.evidence,
    logger,
    // The operator's console: the first admin's generated password is printed here, once.
    announce: (message) => process.stdout.write(`\n${message}\n`),
  });
  let closing = false;
  let metricsListener: MetricsListener | undefined;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    janitor.stop();
    void metricsListener?.close();
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.warn('graceful shutdown took too long; closing remaining connections');
      app.server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    app
      .close()
      .then(() => database.close())
      .then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'error during shutdown');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  try {
    await app.listen({ port: env.port, host: env.host });
    if (env.metrics.port !== undefined) {
      metricsListener = await startMetricsListener(
        app.ctx.metrics,
        { host: env.metrics.host, port: env.metrics.port, token: env.metrics.token },
        (err) => logger.error({ err }, 'metrics listener: could not render'),
      );
    }
  } catch (err) {
    janitor.stop();
    await app.close().catch(() => undefined);
    await database.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : env.port;
  const host = env.host.includes(':') ? `[${env.host}]` : env.host;
  const url = env.publicUrl ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  process.stdout.write(
    `\nMetamorph is running at ${url}\n` +
      `  database: ${describeDatabase(env)}\n` +
      `  evidence: ${describeEvidence(env)}\n` +
      `  API docs: ${url}/api/docs\n` +
      metricsLine(env, metricsListener) +
      '\n',
  );
}

/** Where Prometheus can scrape, as the start-up banner tells the operator. */
function metricsLine(env: Env, listener: MetricsListener | undefined): string {
  if (listener) {
    const host = env.metrics.host.includes(':') ? `[${env.metrics.host}]` : env.metrics.host;
    return `  metrics:  http://${host}:${listener.port}/metrics\n`;
  }
  return env.metrics.token ? '  metrics:  /metrics (bearer METRICS_TOKEN)\n' : '';
}
