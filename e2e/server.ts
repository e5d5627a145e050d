import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestProvider } from '../apps/server/src/modules/auth/oidc/test-provider.js';

/** Asks the kernel for a free TCP port on 127.0.0.1, then releases it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

/** Keeps the last `limit` characters of the server's stdout + stderr for error messages. */
export class OutputTail {
  private text = '';
  constructor(private readonly limit = 64 * 1024) {}
  push(chunk: Buffer | string): void {
    this.text += chunk.toString();
    if (this.text.length > this.limit) this.text = this.text.slice(-this.limit);
  }
  toString(): string {
    return this.text.trim() === '' ? '(no output)' : this.text;
  }
}

export interface SpawnedServer {
  child: ChildProcess;
  output: OutputTail;
  log: WriteStream;
}

/** Spawns `node <entry>` with the given environment; stdout and stderr go to a tail and a log file. */
export function spawnServer(entry: string, env: NodeJS.ProcessEnv, logFile: string): SpawnedServer {
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = new OutputTail();
  const log = createWriteStream(logFile);
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      output.push(chunk);
      log.write(chunk);
    });
  }
  child.on('error', (err) => output.push(`\n[spawn error] ${err.message}\n`));
  return { child, output, log };
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves true once the child has exited, false if `timeoutMs` passes first. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * Polls `GET <baseUrl>/readyz` until it answers 200. Throws, with the server's output,
 * when the process exits first or `timeoutMs` passes.
 */
export async function waitForReady(
  baseUrl: string,
  server: SpawnedServer,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no response yet';
  while (Date.now() < deadline) {
    if (hasExited(server.child)) {
      const { exitCode, signalCode } = server.child;
      throw new Error(
        `Metamorph server exited before it was ready (code ${exitCode}, signal ${signalCode}).\n` +
          `--- server output ---\n${server.output}`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
      last = `HTTP ${res.status} ${(await res.text()).slice(0, 200)}`;
      if (res.status === 200) return;
    } catch (err) {
      last =
        err instanceof Error
          ? err.cause instanceof Error
            ? err.cause.message
            : err.message
          : String(err);
    }
    await sleep(150);
  }
  throw new Error(
    `Metamorph server was not ready within ${timeoutMs / 1000} s (last /readyz: ${last}).\n` +
      `--- server output ---\n${server.output}`,
  );
}

/** SIGTERM, then SIGKILL after `graceMs`. Returns how the process ended and how long it took. */
export async function stopServer(
  child: ChildProcess,
  graceMs = 10_000,
): Promise<{ ms: number; code: number | null; signal: string | null; killed: boolean }> {
  const start = Date.now();
  let killed = false;
  if (!hasExited(child)) {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, graceMs))) {
      killed = true;
      child.kill('SIGKILL');
      await waitForExit(child, 5000);
    }
  }
  return { ms: Date.now() - start, code: child.exitCode, signal: child.signalCode, killed };
}

/** People the e2e OpenID provider knows: the login name typed in its form → claims. */
export const SSO_ACCOUNTS = {
  'pat.purple': {
    email: 'pat.purple@sso.example.test',
    email_verified: true,
    name: 'Pat Purple',
    groups: ['purple'],
  },
} as const;

export interface SsoProvider {
  issuer: string;
  /** OIDC_* variables for the Metamorph server. */
  serverEnv: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts a real OpenID provider (`oidc-provider`, its development login form) on a free port
 * of 127.0.0.1 for the run, with one client whose callback is the Metamorph server's.
 */
export async function startSsoProvider(baseUrl: string): Promise<SsoProvider> {
  const client = { client_id: 'metamorph-e2e', client_secret: 'metamorph-e2e-secret' };
  const redirectUri = `${baseUrl}/api/auth/oidc/callback`;
  const provider = await startTestProvider({
    accounts: new Map(
      Object.entries(SSO_ACCOUNTS).map(([k, v]) => [k, { ...v, groups: [...v.groups] }]),
    ),
    clients: [{ ...client, redirect_uris: [redirectUri] }],
  });
  return {
    issuer: provider.issuer,
    serverEnv: {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: client.client_id,
      OIDC_CLIENT_SECRET: client.client_secret,
      OIDC_SCOPES: 'openid email profile groups',
      OIDC_REDIRECT_URI: redirectUri,
      OIDC_ROLE_CLAIM: 'groups',
      OIDC_ROLE_MAP: 'metamorph-admins=admin,purple=purple_lead,red=red_operator,blue=blue_analyst',
      OIDC_JIT: 'true',
    },
    close: () => provider.close(),
  };
}
