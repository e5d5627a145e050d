import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorBody } from '@metamorph/contract';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvents, jobs } from '../../db/schema/index.js';
import { allowPrivateTargets, fixture, importResult, syncUrlAndRun } from './test-helpers.js';

/** FINDINGS #10: the ATT&CK URL must not reach the server's own network (SSRF). */
describe('ATT&CK sync from a URL: private-address guard', () => {
  let t: TestApp;
  let admin: Headers;
  let server: Server;
  let port: number;
  const resolved: string[] = [];
  beforeAll(async () => {
    t = await createTestApp({
      // `mirror.example.test` resolves to the stub on 127.0.0.1, as a rebinding name would.
      resolveHost: (hostname, _options, callback) => {
        resolved.push(hostname);
        callback(null, [{ address: '127.0.0.1', family: 4 }]);
      },
    });
    admin = await loginAdmin(t);
    server = createServer((req, res) => {
      if (req.url === '/mini.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(fixture('mini-enterprise.json'));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  const sync = (url: string) =>
    t.app.inject({ method: 'POST', url: '/api/attack/sync', headers: admin, payload: { url } });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local address/],
    ['http://127.0.0.1:9/x.json', /127\.0\.0\.1 is a loopback address/],
    ['http://2130706433/x.json', /127\.0\.0\.1 is a loopback address/],
    ['http://0x7f.1/x.json', /127\.0\.0\.1 is a loopback/],
    ['http://0177.0.0.1/x.json', /127\.0\.0\.1 is a loopback/],
    ['http://[::ffff:127.0.0.1]/x.json', /::ffff:7f00:1 is a loopback/],
    ['http://[::1]:8080/x.json', /::1 is a loopback/],
    ['http://localhost:8080/x.json', /localhost is a loopback/],
    ['http://10.1.2.3/x.json', /10\.1\.2\.3 is a private address/],
    ['http://192.168.0.10/x.json', /is a private address/],
    ['http://[fd00::1]/x.json', /is a unique-local address/],
    ['http://100.64.0.1/x.json', /carrier-grade NAT/],
    ['http://0.0.0.0/x.json', /unspecified/],
    ['http://user:pw@example.com/x.json', /credentials/],
  ])('answers 422 for %s and queues nothing', async (url, message) => {
    const before = await t.ctx.db.select().from(jobs);
    const res = await sync(url);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    const body = ErrorBody.parse(res.json());
    expect(body.errors?.[0]?.path).toBe('body.url');
    expect(body.errors?.[0]?.message).toMatch(message);
    expect(body.detail).toMatch(message);
    expect(await t.ctx.db.select().from(jobs)).toHaveLength(before.length);
  });

  it('refuses a private attack.source_url setting when the sync uses it', async () => {
    const patch = await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: admin,
      payload: { 'attack.source_url': 'http://169.254.169.254/bundle.json' },
    });
    expect(patch.statusCode).toBe(200);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/attack/sync',
      headers: admin,
      payload: {},
    });
    expect(res.statusCode).toBe(422);
    expect(ErrorBody.parse(res.json()).errors?.[0]).toMatchObject({
      path: 'setting attack.source_url',
    });
  });

  it('fails the job, naming the address, when a name resolves to a private address', async () => {
    const job = await syncUrlAndRun(t, admin, `http://mirror.example.test:${port}/mini.json`);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(
      /mirror\.example\.test resolves to 127\.0\.0\.1 is a loopback address .*outbound\.allow_private_targets/,
    );
    expect(resolved).toContain('mirror.example.test');
  });

  it('an admin override (audited) lets private targets through; off again, refused again', async () => {
    await allowPrivateTargets(t, admin);
    const [audit] = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'settings.updated'))
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    expect(audit?.after).toEqual({ 'outbound.allow_private_targets': true });
    expect(audit?.before).toEqual({ 'outbound.allow_private_targets': false });

    const named = importResult(
      await syncUrlAndRun(t, admin, `http://mirror.example.test:${port}/mini.json`),
    );
    expect(named.release.version).toBe('1.0');
    const literal = await syncUrlAndRun(t, admin, `http://127.0.0.1:${port}/mini.json`);
    expect(literal.status, literal.error ?? '').toBe('succeeded');

    await allowPrivateTargets(t, admin, false);
    expect((await sync(`http://127.0.0.1:${port}/mini.json`)).statusCode).toBe(422);
  });

  it('refuses other schemes even with the override on', async () => {
    await allowPrivateTargets(t, admin);
    expect((await sync('file:///etc/passwd')).statusCode).toBe(422);
    expect((await sync('ftp://example.com/x.json')).statusCode).toBe(422);
    await allowPrivateTargets(t, admin, false);
  });
});
