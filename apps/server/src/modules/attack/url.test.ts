import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { allowPrivateTargets, fixture, importResult, syncUrlAndRun } from './test-helpers.js';

describe('ATT&CK import from a URL (local server)', () => {
  let t: TestApp;
  let admin: Headers;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp({
      env: {
        ATTACK_MAX_BYTES: String(256 * 1024),
        ATTACK_IDLE_TIMEOUT_MS: '300',
        ATTACK_TOTAL_TIMEOUT_MS: '1500',
      },
    });
    admin = await loginAdmin(t);
    // The stub listens on 127.0.0.1, a private target: allowed here as an on-premise admin would.
    await allowPrivateTargets(t, admin);
    server = createServer((req, res) => {
      if (req.url === '/mini.json') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(fixture('mini-enterprise.json'));
      } else if (req.url === '/forever') {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(16 * 1024, 0x20);
        const timer = setInterval(() => res.write(chunk), 1);
        res.on('close', () => clearInterval(timer));
      } else if (req.url === '/slow') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{');
      } else if (req.url === '/trickle') {
        res.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => res.write(' '), 100);
        res.on('close', () => clearInterval(timer));
      } else {
        res.writeHead(404).end('not here');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it('imports a bundle served with 200', async () => {
    const { release, changed } = importResult(await syncUrlAndRun(t, admin, `${base}/mini.json`));
    expect(changed).toBe(true);
    expect(release).toMatchObject({ version: '1.0', source: `${base}/mini.json`, current: true });
  });

  it('fails on 404', async () => {
    const job = await syncUrlAndRun(t, admin, `${base}/missing.json`);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/HTTP 404/);
  });

  it('stops a server that streams forever at the size cap', async () => {
    const job = await syncUrlAndRun(t, admin, `${base}/forever`);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/more than 262144 bytes/);
  });

  it('times out a server that stops sending', async () => {
    const job = await syncUrlAndRun(t, admin, `${base}/slow`);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/stalled: no data for 300 ms/);
  });

  it('times out a server that trickles past the overall limit', async () => {
    const job = await syncUrlAndRun(t, admin, `${base}/trickle`);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/timed out after 1500 ms/);
  });

  it('uses the attack.source_url setting when no URL is given', async () => {
    const patch = await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: admin,
      payload: { 'attack.source_url': `${base}/mini.json` },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/attack/sync',
      headers: admin,
      payload: {},
    });
    expect(res.statusCode, res.body).toBe(202);
    await t.ctx.runner.runOnce();
    const job = (
      await t.app.inject({
        url: `/api/jobs/${res.json<{ job: { id: string } }>().job.id}`,
        headers: admin,
      })
    ).json<{ status: string; result: { changed: boolean } }>();
    expect(job.status).toBe('succeeded');
    expect(job.result.changed).toBe(false);
  });
});
