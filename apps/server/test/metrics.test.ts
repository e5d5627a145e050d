import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceWorld, type EvidenceWorld } from '../src/modules/evidence/test-evidence.js';
import { listenLocal, SseClient } from '../src/modules/live/test-sse.js';
import { createTestApp, type TestApp } from './harness.js';

const TOKEN = 'scrape-token-0123456789abcdef';
const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
  Buffer.alloc(200, 7),
]);

/** The value of one sample line (`name{labels} value`), or undefined when it is absent. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const want = labels === '' ? `${name} ` : `${name}{${labels}} `;
  const line = text.split('\n').find((l) => l.startsWith(want));
  return line === undefined ? undefined : Number(line.slice(want.length));
}

describe('GET /metrics on the main port (METRICS_TOKEN)', () => {
  let t: TestApp;
  let w: EvidenceWorld;
  const scrape = async () => {
    const res = await t.app.inject({
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.body;
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { METRICS_TOKEN: TOKEN } });
    w = await evidenceWorld(t);
  });
  afterAll(() => t.close());

  it('answers 401 without the token, with a wrong one and with a user API token', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Basic ${TOKEN}`]) {
      const res = await t.app.inject({
        url: '/metrics',
        headers: authorization ? { authorization } : {},
      });
      expect(res.statusCode, String(authorization)).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(res.json()).toMatchObject({ code: 'unauthenticated' });
      expect(res.body).not.toContain('metamorph_');
    }
    // A signed-in admin's session is not the scrape token either.
    const res = await t.app.inject({ url: '/metrics', headers: w.h.admin });
    expect(res.statusCode).toBe(401);
  });

  it('counts requests under their route pattern, never the raw URL', async () => {
    const before = sample(
      await scrape(),
      'metamorph_http_request_duration_seconds_count',
      'method="GET",route="/api/missions/:id",status="200"',
    );
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({ url: `/api/missions/${w.missionId}`, headers: w.h.lead });
      expect(res.statusCode).toBe(200);
    }
    const text = await scrape();
    const after = sample(
      text,
      'metamorph_http_request_duration_seconds_count',
      'method="GET",route="/api/missions/:id",status="200"',
    );
    expect(after).toBe((before ?? 0) + 3);
    expect(text).not.toContain(w.missionId);
    expect(sample(text, 'metamorph_database_info', `kind="${t.database.kind}"`)).toBe(1);
    expect(sample(text, 'metamorph_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('reports queue depth by status and job durations by outcome', async () => {
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/jobs/demo',
      headers: w.h.admin,
      payload: { steps: 1, step_ms: 0 },
    });
    expect(started.statusCode).toBe(202);
    let text = await scrape();
    const queued = sample(text, 'metamorph_jobs', 'status="queued"') ?? 0;
    expect(queued).toBeGreaterThanOrEqual(1);
    await t.ctx.runner.runOnce();
    text = await scrape();
    expect(sample(text, 'metamorph_jobs', 'status="queued"')).toBe(queued - 1);
    expect(sample(text, 'metamorph_jobs', 'status="succeeded"')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'metamorph_jobs', 'status="cancelled"')).toBe(0);
    expect(
      sample(text, 'metamorph_job_duration_seconds_count', 'type="demo.count",outcome="succeeded"'),
    ).toBe(1);
  });

  it('reports evidence stored and bytes received', async () => {
    const before = await scrape();
    const files = sample(before, 'metamorph_evidence_stored', 'unit="files"') ?? 0;
    const bytes = sample(before, 'metamorph_evidence_stored', 'unit="bytes"') ?? 0;
    const testId = await w.newTest();
    const up = await w.upload('red', testId, { name: 'shot.png', content: PNG });
    expect(up.statusCode, up.body).toBe(201);
    const again = await w.upload('red', testId, { name: 'shot-again.png', content: PNG });
    expect(again.statusCode, again.body).toBe(200);
    const text = await scrape();
    expect(sample(text, 'metamorph_evidence_stored', 'unit="files"')).toBe(files + 1);
    expect(sample(text, 'metamorph_evidence_stored', 'unit="bytes"')).toBe(bytes + PNG.length);
    expect(
      sample(text, 'metamorph_evidence_uploaded_bytes_total', 'outcome="stored"'),
    ).toBeGreaterThanOrEqual(PNG.length);
    expect(sample(text, 'metamorph_evidence_uploaded_bytes_total', 'outcome="duplicate"')).toBe(
      PNG.length,
    );
  });

  it('reports open event streams and, on PostgreSQL, the pool', async () => {
    expect(sample(await scrape(), 'metamorph_sse_streams')).toBe(0);
    const base = await listenLocal(t.app);
    const stream = await SseClient.open(`${base}/api/missions/${w.missionId}/events`, w.h.red);
    expect(stream.status).toBe(200);
    const text = await scrape();
    expect(sample(text, 'metamorph_sse_streams')).toBe(1);
    stream.close();
    await stream.ended;
    // The server frees the slot when it sees the close: poll, never a timed assertion.
    let open = 1;
    for (let i = 0; i < 50 && open !== 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      open = sample(await scrape(), 'metamorph_sse_streams') ?? -1;
    }
    expect(open).toBe(0);
    if (t.database.kind === 'postgres') {
      // The harness opens each file's database with a pool of 5.
      expect(sample(text, 'metamorph_db_pool_connections', 'state="max"')).toBe(5);
      const inUse = sample(text, 'metamorph_db_pool_connections', 'state="in_use"') ?? -1;
      const idle = sample(text, 'metamorph_db_pool_connections', 'state="idle"') ?? -1;
      expect(inUse).toBeGreaterThanOrEqual(0);
      expect(inUse + idle).toBeGreaterThan(0);
      expect(inUse + idle).toBeLessThanOrEqual(5);
      expect(sample(text, 'metamorph_db_pool_waiting')).toBe(0);
    } else {
      expect(text).not.toContain('metamorph_db_pool_connections');
    }
  });

  it('/readyz names the evidence store it checked', async () => {
    const res = await t.app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ready', evidence: 'fs' });
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('does not exist on the main port, whatever the caller sends', async () => {
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }]) {
      const res = await t.app.inject({ url: '/metrics', headers });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('metamorph_http');
    }
  });
});
