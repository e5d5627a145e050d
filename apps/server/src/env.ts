import path from 'node:path';
import { z } from 'zod';
import {
  boolish,
  optionalText,
  optionalUrl,
  roleMap,
  secretKey,
  secretKeyList,
  trustProxy,
  type OidcEnv,
  type S3Env,
} from './env-fields.js';

export type { OidcEnv, S3Env } from './env-fields.js';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  EVIDENCE_DIR: z.string().trim().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  TRUST_PROXY: trustProxy.default(false),
  METAMORPH_TEST_MODE: boolish.default(false),
  WEB_DIST_DIR: z.string().trim().min(1).optional(),
  JOB_WORKERS: z.coerce.number().int().min(0).max(16).default(2),
  JOB_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  ATTACK_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(300 * 1024 * 1024),
  LIBRARY_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(100 * 1024 * 1024),
  ARCHIVE_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(4 * 1024 * 1024 * 1024),
  ARCHIVE_MAX_UNCOMPRESSED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(8 * 1024 * 1024 * 1024),
  LIVE_MAX_STREAMS_PER_USER: z.coerce.number().int().min(1).max(10_000).default(20),
  LIVE_MAX_STREAMS_PER_SESSION: z.coerce.number().int().min(1).max(10_000).default(10),
  LIVE_MAX_STREAMS_PER_PROCESS: z.coerce.number().int().min(1).max(100_000).default(2_000),
  OIDC_START_MAX_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  EVIDENCE_STAGING_MAX_AGE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  ATTACK_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(1).max(86_400_000).default(15_000),
  ATTACK_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1).max(86_400_000).default(30_000),
  ATTACK_TOTAL_TIMEOUT_MS: z.coerce.number().int().min(1).max(86_400_000).default(600_000),
  /** Caldera's REST API: the operation list (a picker waits on it) and one operation's report. */
  CALDERA_LIST_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(10_000),
  CALDERA_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(60_000),
  METAMORPH_ADMIN_EMAIL: z
    .email({ error: 'must be an email address' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  METAMORPH_ADMIN_PASSWORD: z
    .string()
    .min(12, 'must be at least 12 characters')
    .max(256)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  JOB_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  METRICS_TOKEN: z
    .string()
    .trim()
    .min(16, 'must be at least 16 characters')
    .max(256)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  METRICS_PORT: z
    .literal('')
    .transform(() => undefined)
    .or(z.coerce.number().int().min(0).max(65535))
    .optional(),
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  OIDC_ISSUER: optionalUrl,
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  OIDC_SCOPES: z
    .string()
    .trim()
    .default('openid email profile')
    .refine((v) => v.split(/\s+/).includes('openid'), 'must include the openid scope'),
  OIDC_REDIRECT_URI: optionalUrl,
  OIDC_LABEL: z.string().trim().max(60).default('SSO'),
  OIDC_ROLE_CLAIM: z.string().trim().min(1).max(200).default('groups'),
  OIDC_ROLE_MAP: roleMap.default([]),
  OIDC_DEFAULT_ROLE: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,49}$/, 'must be a role key (e.g. viewer) or none')
    .default('viewer'),
  OIDC_JIT: boolish.default(false),
  EVIDENCE_STORE: z.enum(['fs', 's3']).default('fs'),
  S3_ENDPOINT: optionalUrl,
  S3_BUCKET: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  S3_PREFIX: z
    .string()
    .trim()
    .regex(/^([a-zA-Z0-9_.-]+\/)*$/, 'must be empty or end with / (e.g. metamorph/)')
    .default(''),
  S3_FORCE_PATH_STYLE: boolish.default(false),
  S3_PRESIGN: boolish.default(false),
  METAMORPH_SECRET_KEY: secretKey,
  METAMORPH_SECRET_KEY_PREVIOUS: secretKeyList,
});

export interface Env {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolMax: number;
  evidenceDir: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  publicUrl: string | undefined;
  trustProxy: boolean | number | string[];
  testMode: boolean;
  webDistDir: string | undefined;
  jobWorkers: number;
  /** A running job's lease: past it without progress, another process takes the job over. */
  jobLeaseMs: number;
  initialAdmin: { email: string | undefined; password: string | undefined };
  /** Total size of one Atomic Red Team upload (all its files). */
  libraryUploadMaxBytes: number;
  /** Mission archive imports: the uploaded zip, and all its entries once inflated. */
  archive: { uploadMaxBytes: number; maxUncompressedBytes: number };
  /** Limits of ATT&CK bundle transfers (uploads and downloads). */
  attack: {
    maxBytes: number;
    connectTimeoutMs: number;
    idleTimeoutMs: number;
    totalTimeoutMs: number;
  };
  /** Caldera REST API calls: the operation list, and the fetch of one operation (each call). */
  caldera: { listTimeoutMs: number; timeoutMs: number };
  /** Concurrent event streams (SSE) one user / one session may hold, per process. */
  live: { maxStreamsPerUser: number; maxStreamsPerSession: number; maxStreamsPerProcess: number };
  /** SSO sign-in starts accepted per client address and minute (per process). */
  oidcStartPerMinute: number;
  /** A staged upload untouched this long belongs to a dead process and is swept. */
  evidenceStagingMaxAgeMs: number;
  /** Housekeeping: mission events (SSE replay) and finished jobs older than this are pruned. */
  retention: { eventsMs: number; jobsMs: number };
  /** `GET /metrics`: on the main port with the bearer token, and/or on its own port. */
  metrics: { token: string | undefined; port: number | undefined; host: string };
  /**
   * Secrets at rest (TOTP secrets): the sealing key and older keys still read. Without a key the
   * embedded default keeps one in DATA_DIR/secret.key; PostgreSQL requires it (platform/secrets).
   */
  secretKeys: { current: Buffer | undefined; previous: Buffer[] };
  /** Where evidence and uploads live: EVIDENCE_DIR, or an S3-compatible bucket. */
  s3: S3Env | undefined;
  /** OpenID Connect sign-in; undefined unless OIDC_ISSUER and OIDC_CLIENT_ID are set. */
  oidc: OidcEnv | undefined;
}

/** Variables whose values an error message must not repeat. */
const SECRET_VARS = new Set([
  'METAMORPH_SECRET_KEY',
  'METAMORPH_SECRET_KEY_PREVIOUS',
  'METAMORPH_ADMIN_PASSWORD',
  'OIDC_CLIENT_SECRET',
  'METRICS_TOKEN',
]);

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses infrastructure configuration; throws an EnvError naming every bad variable. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((i) => {
        const name = i.path.join('.');
        const raw = source[name];
        // Never echo a secret back (the message reaches consoles and logs).
        const shown =
          raw === undefined || SECRET_VARS.has(name) ? '' : ` (got ${JSON.stringify(raw)})`;
        return `${name}: ${i.message}${shown}`;
      }),
    );
  }
  const e = result.data;
  if (Boolean(e.OIDC_ISSUER) !== Boolean(e.OIDC_CLIENT_ID)) {
    throw new EnvError([
      `${e.OIDC_ISSUER ? 'OIDC_CLIENT_ID' : 'OIDC_ISSUER'}: required when ${e.OIDC_ISSUER ? 'OIDC_ISSUER' : 'OIDC_CLIENT_ID'} is set`,
    ]);
  }
  if (e.EVIDENCE_STORE === 's3' && !e.S3_BUCKET) {
    throw new EnvError(['S3_BUCKET: required when EVIDENCE_STORE=s3']);
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    evidenceDir: path.resolve(e.EVIDENCE_DIR ?? path.join(dataDir, 'evidence')),
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL,
    trustProxy: e.TRUST_PROXY,
    testMode: e.METAMORPH_TEST_MODE,
    webDistDir: e.WEB_DIST_DIR ? path.resolve(e.WEB_DIST_DIR) : undefined,
    jobWorkers: e.JOB_WORKERS,
    jobLeaseMs: e.JOB_LEASE_SECONDS * 1000,
    initialAdmin: { email: e.METAMORPH_ADMIN_EMAIL, password: e.METAMORPH_ADMIN_PASSWORD },
    libraryUploadMaxBytes: e.LIBRARY_UPLOAD_MAX_BYTES,
    archive: {
      uploadMaxBytes: e.ARCHIVE_UPLOAD_MAX_BYTES,
      maxUncompressedBytes: e.ARCHIVE_MAX_UNCOMPRESSED_BYTES,
    },
    attack: {
      maxBytes: e.ATTACK_MAX_BYTES,
      connectTimeoutMs: e.ATTACK_CONNECT_TIMEOUT_MS,
      idleTimeoutMs: e.ATTACK_IDLE_TIMEOUT_MS,
      totalTimeoutMs: e.ATTACK_TOTAL_TIMEOUT_MS,
    },
    caldera: { listTimeoutMs: e.CALDERA_LIST_TIMEOUT_MS, timeoutMs: e.CALDERA_TIMEOUT_MS },
    live: {
      maxStreamsPerUser: e.LIVE_MAX_STREAMS_PER_USER,
      maxStreamsPerSession: e.LIVE_MAX_STREAMS_PER_SESSION,
      maxStreamsPerProcess: e.LIVE_MAX_STREAMS_PER_PROCESS,
    },
    evidenceStagingMaxAgeMs: e.EVIDENCE_STAGING_MAX_AGE_MINUTES * 60_000,
    oidcStartPerMinute: e.OIDC_START_MAX_PER_MINUTE,
    retention: {
      eventsMs: e.EVENT_RETENTION_DAYS * 86_400_000,
      jobsMs: e.JOB_RETENTION_DAYS * 86_400_000,
    },
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.METRICS_HOST },
    secretKeys: { current: e.METAMORPH_SECRET_KEY, previous: e.METAMORPH_SECRET_KEY_PREVIOUS },
    s3:
      e.EVIDENCE_STORE === 's3' && e.S3_BUCKET
        ? {
            endpoint: e.S3_ENDPOINT,
            bucket: e.S3_BUCKET,
            region: e.S3_REGION,
            prefix: e.S3_PREFIX,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
            presign: e.S3_PRESIGN,
          }
        : undefined,
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID
        ? {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            scopes: e.OIDC_SCOPES,
            redirectUri: e.OIDC_REDIRECT_URI,
            label: e.OIDC_LABEL || 'SSO',
            roleClaim: e.OIDC_ROLE_CLAIM,
            roleMap: e.OIDC_ROLE_MAP,
            defaultRole: e.OIDC_DEFAULT_ROLE === 'none' ? null : e.OIDC_DEFAULT_ROLE,
            jit: e.OIDC_JIT,
          }
        : undefined,
  };
}
