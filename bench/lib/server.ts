import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

/** A fresh directory under the OS temp dir, removed by `cleanupAll`. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `metamorph-bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

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

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    child.once('exit', onExit);
  });
}

export interface RunningServer {
  child: ChildProcess;
  pid: number;
  url: string;
  logFile: string;
  /** performance.now() when spawn() was called. */
  spawnedAt: number;
}

export interface SpawnOptions {
  /** Script run with plain `node` (no loaders, like production). */
  script: string;
  env: Record<string, string>;
  logFile: string;
}

/** Spawns `node <script>` on a free port of 127.0.0.1; stdout + stderr go to `logFile`. */
export async function spawnServer(opts: SpawnOptions): Promise<RunningServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'NODE_OPTIONS', 'DATA_DIR', 'METAMORPH_TEST_MODE']) {
    delete env[name];
  }
  Object.assign(env, { PORT: String(port), HOST: '127.0.0.1' }, opts.env);
  const fd = openSync(opts.logFile, 'a');
  const spawnedAt = performance.now();
  let child: ChildProcess;
  try {
    // BENCH_CPU_PROF=<dir>: each server writes a V8 CPU profile there when it stops
    // (read with `node --import tsx profile-top.ts <file>`; docs/performance.md).
    const prof = process.env.BENCH_CPU_PROF;
    const flags = prof ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(prof)}`] : [];
    child = spawn(process.execPath, [...flags, opts.script], { env, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (child.pid === undefined) throw new Error(`could not spawn ${opts.script}`);
  return {
    child,
    pid: child.pid,
    url: `http://127.0.0.1:${port}`,
    logFile: opts.logFile,
    spawnedAt,
  };
}

export function logTail(server: RunningServer, chars = 4000): string {
  try {
    const text = readFileSync(server.logFile, 'utf8');
    return text.trim() ? text.slice(-chars) : '(no output)';
  } catch {
    return '(no log)';
  }
}

export interface ReadyTiming {
  /** ms from spawn to the first HTTP response of any status. */
  firstResponseMs: number;
  /** ms from spawn to the first 200 on `path`. */
  readyMs: number;
}

/** Polls `path` every `intervalMs` until 200; throws with the log tail on exit or timeout. */
export async function waitReady(
  server: RunningServer,
  { path: probe = '/readyz', timeoutMs = 60_000, intervalMs = 10 } = {},
): Promise<ReadyTiming> {
  const deadline = performance.now() + timeoutMs;
  let firstResponseMs = Number.NaN;
  let last = 'no response';
  while (performance.now() < deadline) {
    if (hasExited(server.child)) {
      throw new Error(
        `server exited before ready (code ${server.child.exitCode}, signal ${server.child.signalCode}):\n${logTail(server)}`,
      );
    }
    try {
      const res = await fetch(server.url + probe, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      const now = performance.now() - server.spawnedAt;
      if (Number.isNaN(firstResponseMs)) firstResponseMs = now;
      if (res.status === 200) return { firstResponseMs, readyMs: now };
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(intervalMs);
  }
  throw new Error(`server not ready within ${timeoutMs} ms (last: ${last}):\n${logTail(server)}`);
}

export interface StopResult {
  ms: number;
  code: number | null;
  signal: string | null;
  killed: boolean;
}

/** SIGTERM; SIGKILL if still running after `graceMs`. */
export async function stopServer(server: RunningServer, graceMs = 10_000): Promise<StopResult> {
  const { child } = server;
  const start = performance.now();
  let killed = false;
  if (!hasExited(child)) {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, graceMs))) {
      killed = true;
      child.kill('SIGKILL');
      await waitForExit(child, 5000);
    }
  }
  const ms = Math.round(performance.now() - start);
  return { ms, code: child.exitCode, signal: child.signalCode, killed };
}

/** Stops every child still running and removes every temp dir. */
export async function cleanupAll(): Promise<void> {
  await Promise.all(
    [...children].map((child) =>
      stopServer({ child, pid: child.pid ?? 0, url: '', logFile: '', spawnedAt: 0 }, 5000),
    ),
  );
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** Last resort on process exit: synchronous SIGKILL and temp dir removal. */
export function killAllSync(): void {
  for (const child of children) if (!hasExited(child)) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
}
