import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ENV, serverEntry } from './paths.js';
import {
  freePort,
  hasExited,
  spawnServer,
  startSsoProvider,
  waitForReady,
  type SpawnedServer,
  type SsoProvider,
} from './server.js';

const READY_TIMEOUT_MS = 60_000;

/** What global setup leaves for global teardown (same runner process). */
export interface E2eServerState {
  server: SpawnedServer;
  runDir: string;
  /** The OpenID provider the server signs SSO users in with. */
  sso: SsoProvider;
}

const STATE_KEY = Symbol.for('metamorph.e2e.server');

export function getServerState(): E2eServerState | undefined {
  return (globalThis as Record<symbol, E2eServerState | undefined>)[STATE_KEY];
}

function setServerState(state: E2eServerState | undefined): void {
  (globalThis as Record<symbol, E2eServerState | undefined>)[STATE_KEY] = state;
}

/**
 * The server's environment: inherited, minus anything that would select another database or
 * other paths, and minus NODE_OPTIONS (the runner's loaders must not leak into the server).
 */
function serverEnv(port: number, dataDir: string, sso: SsoProvider): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'DATABASE_URL',
    'EVIDENCE_DIR',
    'PUBLIC_URL',
    'WEB_DIST_DIR',
    'NODE_OPTIONS',
  ]) {
    delete env[name];
  }
  for (const name of Object.keys(env).filter((n) => n.startsWith('OIDC_'))) {
    delete env[name];
  }
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    METAMORPH_TEST_MODE: '1',
    LOG_LEVEL: 'warn',
    ...sso.serverEnv,
  });
  if (process.env.E2E_DATABASE_URL) {
    env.DATABASE_URL = process.env.E2E_DATABASE_URL;
    // PostgreSQL requires the secrets-at-rest key from the environment.
    env.METAMORPH_SECRET_KEY ??= randomBytes(32).toString('hex');
  }
  return env;
}

/** Starts one Metamorph server for the whole run. It never builds: `npm run test:e2e` does. */
export default async function globalSetup(): Promise<void> {
  const entry = serverEntry();
  if (!existsSync(entry)) {
    throw new Error(
      `The Metamorph server is not built: ${entry} does not exist.\n` +
        'Run `npm run build` at the repository root first, or use `npm run test:e2e`, which builds.',
    );
  }
  const runDir = await mkdtemp(path.join(os.tmpdir(), 'metamorph-e2e-'));
  const dataDir = path.join(runDir, 'data');
  await mkdir(path.join(runDir, 'reset-markers'), { recursive: true });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const sso = await startSsoProvider(baseUrl);
  const server = spawnServer(entry, serverEnv(port, dataDir, sso), path.join(runDir, 'server.log'));
  setServerState({ server, runDir, sso });
  // Safety net: never leave the server behind if the runner dies without running teardown.
  process.once('exit', () => {
    if (!hasExited(server.child)) server.child.kill('SIGKILL');
  });

  try {
    await waitForReady(baseUrl, server, READY_TIMEOUT_MS);
  } catch (err) {
    server.child.kill('SIGKILL');
    await sso.close();
    setServerState(undefined);
    await rm(runDir, { recursive: true, force: true });
    throw err;
  }

  process.env[ENV.baseUrl] = baseUrl;
  process.env[ENV.runDir] = runDir;
  process.env[ENV.dataDir] = dataDir;
  process.env[ENV.serverPid] = String(server.child.pid);
  process.env[ENV.ssoIssuer] = sso.issuer;
  const db = process.env.E2E_DATABASE_URL ? 'PostgreSQL (E2E_DATABASE_URL)' : 'PGlite';
  console.log(`[e2e] Metamorph server ready at ${baseUrl} (pid ${server.child.pid}, ${db})`);
}
