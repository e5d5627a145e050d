import path from 'node:path';

/** Absolute path of the e2e workspace (this directory). */
export const E2E_DIR = import.meta.dirname;
/** Absolute path of the repository root. */
export const REPO_ROOT = path.resolve(E2E_DIR, '..');
/** Where `shot()` writes full-page screenshots (git-ignored). */
export const ARTIFACTS_DIR = path.join(E2E_DIR, 'artifacts');
/** Playwright's output directory (git-ignored); the server log is copied here at teardown. */
export const OUTPUT_DIR = path.join(E2E_DIR, 'test-results');

/** The built server entry point; `METAMORPH_SERVER_ENTRY` overrides it (for debugging only). */
export function serverEntry(): string {
  return path.resolve(
    process.env.METAMORPH_SERVER_ENTRY ?? path.join(REPO_ROOT, 'apps/server/dist/main.js'),
  );
}

/** Environment variables through which global setup hands the running server to the tests. */
export const ENV = {
  baseUrl: 'METAMORPH_E2E_BASE_URL',
  runDir: 'METAMORPH_E2E_RUN_DIR',
  serverPid: 'METAMORPH_E2E_SERVER_PID',
  dataDir: 'METAMORPH_E2E_DATA_DIR',
  /** The OpenID provider's issuer URL (see `startSsoProvider` in server.ts). */
  ssoIssuer: 'METAMORPH_E2E_SSO_ISSUER',
} as const;

export function baseUrlFromEnv(): string {
  const url = process.env[ENV.baseUrl];
  if (!url) {
    throw new Error(
      `${ENV.baseUrl} is not set: the e2e global setup did not start a server. ` +
        'Run the suite with `npm run test -w @metamorph/e2e` (or `npm run test:e2e`).',
    );
  }
  return url;
}

/** The server's DATA_DIR (holds initial-admin.txt), set by global setup. */
export function dataDirFromEnv(): string {
  const dir = process.env[ENV.dataDir];
  if (!dir) throw new Error(`${ENV.dataDir} is not set: the e2e global setup did not run`);
  return dir;
}
