import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database, Db } from './db/client.js';
import type { Env } from './env.js';
import type { EvidenceStore } from './platform/blob/evidence-store.js';
import type { SecretBox } from './platform/secrets/secret-box.js';
import type { BlobStore } from './platform/blob/types.js';
import type { EventBus } from './platform/events/types.js';
import type { Clock } from './platform/clock.js';
import type { Housekeeping, HousekeepingTask } from './platform/housekeeping.js';
import type { JobQueue } from './platform/jobs/queue.js';
import type { AppMetrics } from './platform/metrics/metrics.js';
import type { JobRunner } from './platform/jobs/runner.js';
import type { JobHandler } from './platform/jobs/types.js';
import type { SettingsReader } from './kernel/settings.js';
import type { TestStateHook } from './kernel/state-hooks.js';
import type { OutboundClient } from './platform/outbound/client.js';
import type { ResolveAll } from './platform/outbound/guard.js';

/** What the process hands the app: infrastructure only, no module state. */
export interface AppDeps {
  env: Env;
  database: Database;
  clock: Clock;
  blobs: BlobStore;
  /** Evidence files; defaults to the filesystem store at env.evidenceDir. */
  evidence?: EvidenceStore;
  /** A pino logger; Fastify creates one from env.logLevel when absent. */
  logger?: FastifyBaseLogger;
  /** Operator-facing console messages (the first admin's password); silent when absent. */
  announce?: (message: string) => void;
  /** The resolver behind outbound HTTP's address guard; dns.lookup when absent (tests fake it). */
  resolveHost?: ResolveAll;
  /** Seals secrets at rest; from METAMORPH_SECRET_KEY or DATA_DIR/secret.key when absent. */
  secrets?: SecretBox;
}

/** Per-app services built from the deps and shared by the modules. */
export interface AppContext extends AppDeps {
  db: Db;
  evidence: EvidenceStore;
  /** AES-256-GCM sealing of secrets stored in the database (TOTP secrets). */
  secrets: SecretBox;
  queue: JobQueue;
  runner: JobRunner;
  /** LISTEN/NOTIFY fan-in of mission changes (started and stopped with the app). */
  events: EventBus;
  /** Current settings, cached per process and dropped on any process's change (kernel/settings). */
  settings: SettingsReader;
  /** Pruning of stale rows, hourly (tests call runOnce). */
  housekeeping: Housekeeping;
  /** Prometheus instruments and scrape-time gauges (`GET /metrics`). */
  metrics: AppMetrics;
  /** The one outbound HTTP client (private-address guard, timeouts, size caps). */
  outbound: OutboundClient;
  /** Aborted when the app starts closing: long-lived streams end on it. */
  shutdown: AbortSignal;
  /** Idempotent default data, run at start and after a test-mode reset. */
  seed(): Promise<void>;
  /** Every module's reactions to a test state change (kernel/state-hooks.ts), in module order. */
  testStateHooks: readonly TestStateHook[];
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A feature module: its routes, its job types and its default data. */
export interface AppModule {
  name: string;
  routes?(app: App, ctx: AppContext): void | Promise<void>;
  // A registry of handlers with different payload types; each parses its own payload.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  jobs?(ctx: AppContext): Record<string, JobHandler<any>>;
  seed?(ctx: AppContext): Promise<void>;
  /** Reactions to a test's state change, run inside the transition's transaction. */
  testStateHooks?(ctx: AppContext): TestStateHook[];
  /** Stale rows this module deletes (run at start and hourly). */
  housekeeping?(ctx: AppContext): HousekeepingTask[];
}
