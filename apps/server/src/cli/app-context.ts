import { userInfo } from 'node:os';
import { Job, PERMISSIONS } from '@metamorph/contract';
import pino from 'pino';
import { buildApp } from '../app.js';
import { openAndMigrate, openStores } from '../bootstrap.js';
import type { AppContext } from '../context.js';
import type { Env } from '../env.js';
import type { AuditContext } from '../platform/audit/audit.js';
import { systemClock } from '../platform/clock.js';
import { toJobWire } from '../platform/jobs/wire.js';
import { watchJob } from './progress.js';

/** The operator at the shell: all permissions, recorded in the audit log as `cli:<os user>`. */
export function cliAuditContext(): AuditContext {
  let who = 'unknown';
  try {
    who = userInfo().username;
  } catch {
    // no passwd entry (containers): keep 'unknown'
  }
  return {
    actor: {
      userId: '00000000-0000-0000-0000-000000000000',
      email: `cli:${who}`,
      displayName: `Command line (${who})`,
      permissions: new Set(PERMISSIONS),
      via: 'cli',
      sessionId: null,
      tokenId: null,
    },
    ip: null,
    userAgent: 'metamorph-cli',
    requestId: null,
  };
}

/**
 * Opens the database in this process (refused politely by the PGlite lock while a
 * server holds it) and builds the app's services without listening.
 */
export async function withAppContext<T>(env: Env, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const logger = pino({ level: 'warn' });
  const database = await openAndMigrate(env, logger);
  try {
    const app = await buildApp(
      { env, database, clock: systemClock, ...openStores(env), logger },
      { startJobs: false },
    );
    try {
      await app.ready();
      return await fn(app.ctx);
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

/** Runs a queued job in this process with a progress bar on stderr; returns how it ended. */
export async function runJobHere(ctx: AppContext, jobId: string): Promise<Job> {
  const running = ctx.runner.runOnce();
  const final = await watchJob(
    async () => {
      const current = await ctx.queue.get(jobId);
      if (!current) throw new Error('job vanished');
      return toJobWire(current);
    },
    { intervalMs: 200 },
  );
  await running;
  return Job.parse(final);
}
