import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  freePort,
  startServer as start,
  waitReady,
  type ServerProcess as Proc,
} from './server-process.js';

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

  it("prints the first admin's generated password on the console once, as the README says", async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const first = start({ PORT: String(port), DATA_DIR: dataDir });
    procs.push(first);
    await waitReady(port, first);
    const file = readFileSync(path.join(dataDir, 'initial-admin.txt'), 'utf8');
    const password = /^password: (\S+)$/m.exec(file)?.[1];
    expect(password, file).toBeDefined();
    // On stdout (the console), not only in the JSON log, and before the "running at" banner.
    const console1 = first.stdout();
    expect(console1).toContain(`admin@metamorph.local / ${password}`);
    expect(console1).toContain(path.join(dataDir, 'initial-admin.txt'));
    expect(console1.indexOf(password ?? '')).toBeLessThan(console1.indexOf('Metamorph is running'));
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);

    // A second start on the same data finds the admin: nothing is printed again.
    const again = start({ PORT: String(port), DATA_DIR: dataDir });
    procs.push(again);
    await waitReady(port, again);
    expect(again.stdout()).toContain('Metamorph is running');
    expect(again.output()).not.toContain(password ?? '');
    again.child.kill('SIGTERM');
    expect(await again.exit).toBe(0);
  }, 120_000);
});
