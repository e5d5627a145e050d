import path from 'node:path';
import { z } from 'zod';

const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/**
 * `TRUST_PROXY` follows Fastify's `trustProxy`: `true`/`false`, a hop count,
 * or a comma-separated list of addresses / CIDR ranges.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): boolean | number | string[] => {
    if (v === '' || v === 'false' || v === '0') return false;
    if (v === 'true') return true;
    if (/^\d+$/.test(v)) return Number(v);
    const parts = v.split(',').map((p) => p.trim());
    if (parts.some((p) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(p))) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected true, false, a hop count or a list of IPs/CIDRs',
      });
      return z.NEVER;
    }
    return parts;
  });

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
  ATTACK_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(1).max(86_400_000).default(15_000),
  ATTACK_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1).max(86_400_000).default(30_000),
  ATTACK_TOTAL_TIMEOUT_MS: z.coerce.number().int().min(1).max(86_400_000).default(600_000),
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
  initialAdmin: { email: string | undefined; password: string | undefined };
  /** Total size of one Atomic Red Team upload (all its files). */
  libraryUploadMaxBytes: number;
  /** Limits of ATT&CK bundle transfers (uploads and downloads). */
  attack: {
    maxBytes: number;
    connectTimeoutMs: number;
    idleTimeoutMs: number;
    totalTimeoutMs: number;
  };
}

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
        const shown = raw === undefined ? '' : ` (got ${JSON.stringify(raw)})`;
        return `${name}: ${i.message}${shown}`;
      }),
    );
  }
  const e = result.data;
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
    initialAdmin: { email: e.METAMORPH_ADMIN_EMAIL, password: e.METAMORPH_ADMIN_PASSWORD },
    libraryUploadMaxBytes: e.LIBRARY_UPLOAD_MAX_BYTES,
    attack: {
      maxBytes: e.ATTACK_MAX_BYTES,
      connectTimeoutMs: e.ATTACK_CONNECT_TIMEOUT_MS,
      idleTimeoutMs: e.ATTACK_IDLE_TIMEOUT_MS,
      totalTimeoutMs: e.ATTACK_TOTAL_TIMEOUT_MS,
    },
  };
}
