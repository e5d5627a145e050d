import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App, AppContext, AppDeps, AppModule } from './context.js';
import type { TestStateHook } from './kernel/state-hooks.js';
import { modules as defaultModules } from './modules/index.js';
import { createEventBus } from './platform/events/index.js';
import { FsEvidenceStore } from './platform/blob/fs-evidence-store.js';
import { OutboundClient } from './platform/outbound/client.js';
import { SettingsCache } from './kernel/settings.js';
import { openSecretBox } from './platform/secrets/keys.js';
import { requestIdFrom } from './platform/ids.js';
import { JobQueue } from './platform/jobs/queue.js';
import { JobRunner } from './platform/jobs/runner.js';
import { Housekeeping, type HousekeepingTask } from './platform/housekeeping.js';
import { registerHttpMetrics } from './platform/metrics/http.js';
import { AppMetrics } from './platform/metrics/metrics.js';
import { registerDatabaseMetrics } from './platform/metrics/database.js';
import { registerOpenApi } from './platform/http/openapi.js';
import { registerErrorHandling } from './platform/http/problem.js';
import { registerRequestIdHeader } from './platform/http/request-id.js';
import { registerRoutePolicy } from './platform/http/route-policy.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import { registerSpaAndNotFound } from './platform/http/spa.js';
import { textHygieneValidatorCompiler } from './platform/http/text-hygiene.js';
import { registerAuthentication } from './modules/auth/index.js';
import { registerMissionGuard } from './modules/missions/index.js';

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));
export const JSON_BODY_LIMIT = 1024 * 1024;
const PROBE_PATHS = new Set(['/healthz', '/readyz']);

export interface BuildOptions {
  modules?: AppModule[];
  /** Start the job runner's polling loop (tests drive it with runOnce instead). */
  startJobs?: boolean;
}

/** Composes the application from its deps; holds no module-level state. */
export async function buildApp(deps: AppDeps, opts: BuildOptions = {}): Promise<App> {
  const { env } = deps;
  const base: FastifyServerOptions = {
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: typeof env.trustProxy === 'number' ? trustHops(env.trustProxy) : env.trustProxy,
    genReqId: (req) => requestIdFrom(req.headers['x-request-id']),
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      // Probes hit these every few seconds; their access lines would drown the log.
      disableRequestLogging: (req) => PROBE_PATHS.has(req.url ?? ''),
    }),
    return503OnClosing: true,
    forceCloseConnections: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  };
  const fastify = deps.logger
    ? Fastify({ ...base, loggerInstance: deps.logger })
    : Fastify({ ...base, logger: { level: env.logLevel } });
  const app = fastify.withTypeProvider<ZodTypeProvider>() as App;
  // zod validation, after NUL → U+FFFD and the lone-surrogate check on every string.
  app.setValidatorCompiler(textHygieneValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const shutdown = new AbortController();
  const queue = new JobQueue(deps.database.db, deps.clock, env.jobLeaseMs);
  const metrics = new AppMetrics((metric, err) =>
    app.log.warn({ err, metric }, 'metrics: a scrape-time reading failed'),
  );
  const runner = new JobRunner(queue, app.log, {
    concurrency: env.jobWorkers,
    observe: (type, outcome, seconds) => metrics.jobDuration.observe({ type, outcome }, seconds),
  });
  const modules = opts.modules ?? defaultModules;
  const testStateHooks: TestStateHook[] = [];
  const housekeepingTasks: HousekeepingTask[] = [];
  const events = createEventBus(deps.database, app.log);
  const settings = new SettingsCache(deps.database.db, events);
  const ctx: AppContext = {
    ...deps,
    db: deps.database.db,
    evidence: deps.evidence ?? new FsEvidenceStore(env.evidenceDir),
    secrets: deps.secrets ?? openSecretBox(env),
    queue,
    runner,
    events,
    settings,
    metrics,
    housekeeping: new Housekeeping(housekeepingTasks, deps.clock, app.log),
    outbound: new OutboundClient({
      allowPrivate: async () => (await settings.get())['outbound.allow_private_targets'],
      resolve: deps.resolveHost,
      userAgent: 'metamorph',
    }),
    shutdown: shutdown.signal,
    async seed() {
      for (const m of modules) await m.seed?.(ctx);
    },
    testStateHooks,
  };
  for (const m of modules) {
    testStateHooks.push(...(m.testStateHooks?.(ctx) ?? []));
    housekeepingTasks.push(...(m.housekeeping?.(ctx) ?? []));
  }

  registerErrorHandling(app);
  registerHttpMetrics(app, metrics);
  registerDatabaseMetrics(metrics, deps.database);
  registerRequestIdHeader(app);
  await registerSecurityHeaders(app, { https: env.publicUrl?.startsWith('https:') ?? false });
  await registerOpenApi(app);
  await registerAuthentication(app, ctx);
  // Every module's mission routes (`config.mission`) answer 404 before their payload is read.
  registerMissionGuard(app, ctx);
  // A route that writes without declaring what it needs does not register.
  registerRoutePolicy(app);

  for (const m of modules) {
    for (const [type, handler] of Object.entries(m.jobs?.(ctx) ?? {})) {
      runner.register(type, handler);
    }
  }
  for (const m of modules) {
    await app.register(async (scope) => {
      await m.routes?.(scope as App, ctx);
    });
  }
  await registerSpaAndNotFound(app, env.webDistDir ?? DEFAULT_WEB_DIST);

  app.decorate('ctx', ctx);
  app.addHook('onReady', async () => {
    await ctx.events.start();
    await ctx.seed();
    if (opts.startJobs ?? true) {
      runner.start();
      ctx.housekeeping.start();
    }
  });
  app.addHook('preClose', async () => {
    ctx.housekeeping.stop();
    shutdown.abort();
  });
  app.addHook('onClose', async () => {
    await runner.stop();
    await ctx.events.stop();
  });
  return app;
}

/** Trust the given number of proxy hops in front of us. */
function trustHops(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}
