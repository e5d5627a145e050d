import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startServer, waitReady, type ServerProcess } from './server-process.js';

describe('METRICS_PORT: metrics on a listener of their own (the real server process)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-metrics-'));
  let proc: ServerProcess | undefined;
  afterAll(() => {
    if (proc && proc.child.exitCode === null) proc.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves /metrics there (the banner says where), not on the app port, and stops with it', async () => {
    const port = await freePort();
    const metricsPort = await freePort();
    proc = startServer({ PORT: String(port), DATA_DIR: dir, METRICS_PORT: String(metricsPort) });
    await waitReady(port, proc);
    expect(proc.stdout()).toContain(`  metrics:  http://127.0.0.1:${metricsPort}/metrics`);

    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    // The readiness probes above went through the app and are counted here.
    expect(text).toMatch(
      /^metamorph_http_request_duration_seconds_count\{method="GET",route="\/readyz",status="200"\} [1-9]/m,
    );
    expect(text).toContain('metamorph_database_info{kind="pglite"} 1');

    expect((await fetch(`http://127.0.0.1:${metricsPort}/api/auth/me`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);

    proc.child.kill('SIGTERM');
    expect(await proc.exit).toBe(0);
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
  }, 120_000);
});
