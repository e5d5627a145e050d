import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Proc {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

/** The real server process, run from source with tsx. */
function start(env: Record<string, string>): Proc {
  let out = '';
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exit };
}

async function waitReady(port: number, proc: Proc, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`server exited early:\n${proc.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${proc.output()}`);
}

describe('the server process', () => {
  const dirs: string[] = [];
  const procs: Proc[] = [];
  const tempDir = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'mm-proc-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('refuses to start on a bad environment variable, naming it', async () => {
    const proc = start({ PORT: 'eighty', DATA_DIR: tempDir() });
    procs.push(proc);
    expect(await proc.exit).toBe(1);
    expect(proc.output()).toMatch(/PORT: .*"eighty"/);
  });

  it('serves on PGlite, refuses a second process on the same data dir, exits 0 within 5 s of SIGTERM', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const server = start({ PORT: String(port), DATA_DIR: dataDir });
    procs.push(server);
    await waitReady(port, server);
    expect(server.output()).toContain(`http://127.0.0.1:${port}`);

    const second = start({ PORT: String(await freePort()), DATA_DIR: dataDir });
    procs.push(second);
    expect(await second.exit).toBe(1);
    expect(second.output()).toMatch(/in use by process \d+/);

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const stoppedAt = Date.now();
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
  }, 120_000);
});
