import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CalderaOperationList, ErrorBody, ExecutionImportReport, Job } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvents, jobs } from '../../db/schema/index.js';
import { automationWorld, fixture, type AutomationWorld, type Who } from './test-automation.js';

const KEY = 'ADMIN123-secret-key-never-stored';
const OP = '5f3c1d2e-aaaa-4bbb-8ccc-000000000042';
type Mode = 'ok' | 'garbage' | 'shape' | 'slow' | 'error' | 'noreport';

/** A stub Caldera answering the documented v2 shapes; `mode` makes it misbehave. */
function stubCaldera(state: { mode: Mode; seen: { key: unknown; body: string }[] }): Server {
  return createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      state.seen.push({ key: req.headers.key, body });
      const json = (status: number, doc: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
      if (state.mode === 'slow') return; // never answers
      if (req.headers.key !== KEY) return json(401, { error: 'Unauthorized' });
      if (state.mode === 'garbage') {
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
      }
      if (state.mode === 'shape') return json(200, { hello: 'world' });
      if (state.mode === 'error') return json(500, { error: 'boom' });
      const url = new URL(req.url ?? '/', 'http://stub');
      if (req.method === 'GET' && url.pathname === '/api/v2/operations') {
        return json(200, [
          { id: 'old', name: 'Old run', state: 'finished', start: '2026-11-01T10:00:00Z' },
          { id: OP, name: 'Finance day', state: 'finished', start: '2026-12-01T09:00:00Z' },
        ]);
      }
      if (req.method === 'GET' && url.pathname === `/api/v2/operations/${OP}`) {
        return json(200, JSON.parse(fixture('caldera-operation.json').toString()));
      }
      if (state.mode === 'noreport' && url.pathname.endsWith('/report')) {
        return json(405, { error: 'Method Not Allowed' });
      }
      if (req.method === 'POST' && url.pathname === `/api/v2/operations/${OP}/report`) {
        return json(200, JSON.parse(fixture('caldera-report.json').toString()));
      }
      return json(404, { error: 'Operation not found' });
    });
  });
}

describe('execution import: from a Caldera server (REST API v2)', () => {
  let t: TestApp;
  let w: AutomationWorld;
  let server: Server;
  let base: string;
  let closedPort: number;
  const stub = { mode: 'ok' as Mode, seen: [] as { key: unknown; body: string }[] };
  beforeAll(async () => {
    t = await createTestApp({ env: { CALDERA_TIMEOUT_MS: '400', CALDERA_LIST_TIMEOUT_MS: '400' } });
    w = await automationWorld(t);
    server = stubCaldera(stub);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  const call = (who: Who | null, path: '' | '/operations', payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url: `/api/missions/${w.missionId}/import/caldera${path}`,
      headers: who ? w.h[who] : {},
      payload: payload as object,
    });
  const importBody = (extra: Record<string, unknown> = {}) => ({
    url: base,
    api_key: KEY,
    operation_id: OP,
    ...extra,
  });
  const allowPrivate = async (on: boolean) => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: w.h.admin,
      payload: { 'outbound.allow_private_targets': on },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const problem = (res: { statusCode: number; body: string; json: () => unknown }, s: number) => {
    expect(res.statusCode, res.body).toBe(s);
    return ErrorBody.parse(res.json());
  };

  it('refuses a loopback Caldera unless an admin allows private targets (422, nothing sent)', async () => {
    stub.seen.length = 0;
    const before = (await t.ctx.db.select().from(jobs)).length;
    for (const [path, payload] of [
      ['', importBody()],
      ['/operations', { url: base, api_key: KEY }],
    ] as const) {
      const body = problem(await call('red', path, payload), 422);
      expect(body.errors?.[0]?.path).toBe('body.url');
      expect(body.errors?.[0]?.message).toMatch(/127\.0\.0\.1 is a loopback address/);
      expect(body.detail).toMatch(/outbound\.allow_private_targets/);
    }
    expect(stub.seen).toHaveLength(0);
    expect(await t.ctx.db.select().from(jobs)).toHaveLength(before);
  });

  it('checks identity, membership, the red side, then the body', async () => {
    expect((await call(null, '', importBody())).statusCode).toBe(401);
    expect((await call('outsider', '', importBody())).statusCode).toBe(404);
    problem(await call('blue', '/operations', { url: base, api_key: KEY }), 403);
    problem(await call('blue', '', { nonsense: true }), 403);
    const strict = problem(await call('red', '', { ...importBody(), token: 'x' }), 422);
    expect(strict.detail).toMatch(/token/);
    const missing = problem(await call('red', '/operations', { url: base }), 422);
    expect(missing.detail).toMatch(/api_key/);
    problem(await call('red', '', importBody({ url: 'ftp://caldera.lab/' })), 422);
  });

  it('lists the operations (newest first) with the key as the KEY header', async () => {
    await allowPrivate(true);
    stub.mode = 'ok';
    stub.seen.length = 0;
    const res = await call('red', '/operations', { url: `${base}/api/v2/`, api_key: KEY });
    expect(res.statusCode, res.body).toBe(200);
    const list = CalderaOperationList.parse(res.json());
    expect(list.items.map((o) => [o.id, o.name, o.state])).toEqual([
      [OP, 'Finance day', 'finished'],
      ['old', 'Old run', 'finished'],
    ]);
    expect(stub.seen[0]?.key).toBe(KEY);
  });

  it('imports an operation through the same job, never storing the key', async () => {
    stub.seen.length = 0;
    const res = await call('red', '', importBody({ dry_run: true }));
    expect(res.statusCode, res.body).toBe(202);
    const jobId = res.json<{ job: { id: string } }>().job.id;
    // The report was asked for with the agents' output.
    expect(JSON.parse(stub.seen[1]!.body)).toEqual({ enable_agent_output: true });
    const stored = JSON.stringify(await t.ctx.db.select().from(jobs));
    const audit = JSON.stringify(await t.ctx.db.select().from(auditEvents));
    expect(stored).not.toContain(KEY);
    expect(audit).not.toContain(KEY);
    expect(audit).toContain(OP);
    await t.ctx.runner.runOnce();
    const job = Job.parse((await w.ok('red', 'GET', `/api/jobs/${jobId}`)).json());
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const report = ExecutionImportReport.parse(job.result);
    expect(report.dry_run).toBe(true);
    expect(report.files).toEqual([
      { name: 'caldera-Finance day.json', format: 'caldera', error: null, procedures: 5 },
    ]);
    expect(report.rows.map((r) => r.outcome)).toEqual([
      'filled',
      'filled',
      'filled',
      'unmatched',
      'error',
    ]);
    expect((await w.test(w.tests.cradle)).state).toBe('pending');

    const real = await call('red', '', importBody());
    expect(real.statusCode, real.body).toBe(202);
    await t.ctx.runner.runOnce();
    const c = await w.test(w.tests.cradle);
    expect(c.state).toBe('executed');
    expect(c.red_output).toBe('payload ran');
  });

  it('reads the operation’s own links where the server has no report endpoint', async () => {
    stub.mode = 'noreport';
    const res = await call('red', '', importBody({ dry_run: true }));
    expect(res.statusCode, res.body).toBe(202);
    const jobId = res.json<{ job: { id: string } }>().job.id;
    await t.ctx.runner.runOnce();
    const job = Job.parse((await w.ok('red', 'GET', `/api/jobs/${jobId}`)).json());
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const report = ExecutionImportReport.parse(job.result);
    // The operation fixture's chain: the PowerShell cradle and its cleanup link (left out).
    expect(report.files).toEqual([
      { name: 'caldera-Finance day.json', format: 'caldera', error: null, procedures: 1 },
    ]);
    // The report imported above already filled the cradle; this link's red facts differ: a conflict.
    expect(report.rows.map((r) => [r.technique_id, r.outcome])).toEqual([
      ['T1059.001', 'conflict'],
    ]);
    const queued = (await t.ctx.db.select().from(auditEvents)).filter(
      (a) => a.action === 'mission.import_execution_queued' || a.targetId === jobId,
    );
    expect(JSON.stringify(queued)).toContain('"caldera_document":"operation"');
    stub.mode = 'ok';
  });

  it.each([
    ['a bad key', 'ok', { api_key: 'wrong' }, /refused the API key \(HTTP 401\)/, 401],
    ['an unknown operation', 'ok', { operation_id: 'nope' }, /no operation nope \(HTTP 404\)/, 404],
    ['an upstream error', 'error', {}, /HTTP 500/, 500],
    ['an HTML page', 'garbage', {}, /not JSON \(HTTP 200, text\/html\)/, 200],
    ['JSON of the wrong shape', 'shape', {}, /JSON that is not an operation$/, undefined],
    ['a server that does not answer', 'slow', {}, /did not answer in time/, undefined],
  ] as const)('answers 502 for %s and applies nothing', async (_, mode, extra, detail, status) => {
    stub.mode = mode;
    const before = (await t.ctx.db.select().from(jobs)).length;
    const body = problem(await call('red', '', importBody(extra)), 502);
    expect(body.code).toBe('upstream_failed');
    expect(body.detail).toMatch(detail);
    expect(body.detail).not.toContain(KEY);
    expect(body.context?.upstream_status).toBe(status);
    expect(await t.ctx.db.select().from(jobs)).toHaveLength(before);
    if (!('operation_id' in extra)) {
      const list = await call('red', '/operations', { url: base, api_key: KEY, ...extra });
      expect(problem(list, 502).context?.upstream_status).toBe(
        mode === 'shape' ? undefined : status,
      );
    }
  });

  it('answers 502 when nothing listens, and the server is unharmed', async () => {
    stub.mode = 'ok';
    const url = `http://127.0.0.1:${closedPort}`;
    const body = problem(await call('red', '/operations', { url, api_key: KEY }), 502);
    expect(body.detail).toMatch(/Could not reach Caldera at http:\/\/127\.0\.0\.1:\d+/);
    expect((await call('red', '/operations', { url: base, api_key: KEY })).statusCode).toBe(200);
    await allowPrivate(false);
    problem(await call('red', '/operations', { url: base, api_key: KEY }), 422);
  });
});
