import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { BenchContext } from './types.js';
import {
  spawnServer,
  stopServer,
  tempDir,
  waitReady,
  type ReadyTiming,
  type RunningServer,
} from './server.js';

export type LogLevel = 'warn' | 'info';

export interface MetamorphOptions {
  /** Existing DATA_DIR to reuse; a fresh temp dir otherwise. */
  dataDir?: string;
  logLevel?: LogLevel;
  /** postgres://… to run on PostgreSQL instead of PGlite. */
  databaseUrl?: string;
  readyTimeoutMs?: number;
  /** Extra environment for the server process. */
  env?: Record<string, string>;
}

export interface StartedMetamorph {
  server: RunningServer;
  dataDir: string;
  timing: ReadyTiming;
}

/** Spawns the built server (plain `node dist/main.js`) and waits for 200 on /readyz. */
export async function startMetamorph(
  ctx: BenchContext,
  opts: MetamorphOptions = {},
): Promise<StartedMetamorph> {
  const dataDir = opts.dataDir ?? path.join(tempDir('data'), 'data');
  const env: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: opts.logLevel ?? 'warn' };
  if (opts.databaseUrl) {
    env.DATABASE_URL = opts.databaseUrl;
    // PostgreSQL requires the secrets-at-rest key from the environment.
    env.METAMORPH_SECRET_KEY = randomBytes(32).toString('hex');
  }
  Object.assign(env, opts.env);
  const server = await spawnServer({
    script: ctx.serverEntry,
    env,
    logFile: path.join(tempDir('log'), 'server.log'),
  });
  try {
    const timing = await waitReady(server, { timeoutMs: opts.readyTimeoutMs ?? 60_000 });
    return { server, dataDir, timing };
  } catch (err) {
    await stopServer(server, 2000);
    throw err;
  }
}

export const BARE_SCRIPT = path.join(import.meta.dirname, 'bare-server.mjs');

/** The bare node:http baseline in its own process, answering /healthz with `version`. */
export async function startBare(version: string): Promise<RunningServer> {
  const server = await spawnServer({
    script: BARE_SCRIPT,
    env: { BARE_VERSION: version },
    logFile: path.join(tempDir('bare'), 'bare.log'),
  });
  try {
    await waitReady(server, { path: '/healthz', timeoutMs: 10_000 });
    return server;
  } catch (err) {
    await stopServer(server, 2000);
    throw err;
  }
}

/** A few ordinary requests so that the measured process has served traffic. */
export async function touch(url: string, paths: readonly string[], rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i += 1) {
    for (const p of paths) {
      const res = await fetch(url + p, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
    }
  }
}
