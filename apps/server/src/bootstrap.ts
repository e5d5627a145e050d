import type { FastifyBaseLogger } from 'fastify';
import { openDatabase, type Database } from './db/client.js';
import { migrate } from './db/migrate.js';
import { EnvError, type Env } from './env.js';
import type { EvidenceStore } from './platform/blob/evidence-store.js';
import { FsEvidenceStore } from './platform/blob/fs-evidence-store.js';
import { FsBlobStore } from './platform/blob/fs.js';
import { s3Stores } from './platform/blob/s3/index.js';
import type { BlobStore } from './platform/blob/types.js';
import { dbErrorSummary } from './platform/db-errors.js';

/** Opens the configured database (PGlite under DATA_DIR/db, or PostgreSQL) and migrates it. */
export async function openAndMigrate(
  env: Env,
  log: Pick<FastifyBaseLogger, 'info' | 'error'>,
): Promise<Database> {
  const database = env.databaseUrl
    ? await openDatabase({
        kind: 'postgres',
        url: env.databaseUrl,
        poolMax: env.databasePoolMax,
        // The message and code only: pg attaches its whole Client to the error.
        onError: (err) =>
          log.error({ error: dbErrorSummary(err) }, 'idle database connection failed'),
      })
    : await openDatabase({ kind: 'pglite', dataDir: env.dataDir });
  try {
    const applied = await migrate(database);
    if (applied.length > 0) log.info({ applied }, `applied ${applied.length} migration(s)`);
    return database;
  } catch (err) {
    await database.close();
    throw err;
  }
}

/** A one-line description of where the data lives, without credentials. */
export function describeDatabase(env: Env): string {
  if (!env.databaseUrl) return `PGlite (embedded) in ${env.dataDir}/db`;
  try {
    const u = new URL(env.databaseUrl);
    return `PostgreSQL at ${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

/** Where evidence and uploads live: EVIDENCE_DIR, or the S3 bucket (EVIDENCE_STORE=s3). */
export function openStores(env: Env): { evidence: EvidenceStore; blobs: BlobStore } {
  if (env.s3) return s3Stores(env.s3);
  return {
    evidence: new FsEvidenceStore(env.evidenceDir),
    blobs: new FsBlobStore(env.evidenceDir),
  };
}

/** Start-up refuses a store it cannot reach, saying which and why (not a stack trace). */
export async function checkStores(env: Env, evidence: EvidenceStore): Promise<void> {
  try {
    await evidence.check();
  } catch (err) {
    const why = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    const where = env.s3
      ? `the S3 bucket ${env.s3.bucket} at ${env.s3.endpoint ?? 'AWS'} (${env.s3.region})`
      : `EVIDENCE_DIR ${env.evidenceDir}`;
    throw new EnvError([`EVIDENCE_STORE=${env.s3 ? 's3' : 'fs'}: cannot use ${where} — ${why}`]);
  }
}

/** A one-line description of where evidence lives, without credentials. */
export function describeEvidence(env: Env): string {
  if (!env.s3) return env.evidenceDir;
  return `s3://${env.s3.bucket}/${env.s3.prefix} (${env.s3.endpoint ?? 'AWS'})`;
}
