import { DiagResetResponse } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../src/db/schema/index.js';
import { createTestApp, type TestApp } from './harness.js';

describe('POST /api/diag/reset', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('wipes data and evidence, keeps the schema, and re-seeds', async () => {
    await t.ctx.queue.enqueue('demo.count', {});
    const blob = await t.blobs.put(Buffer.from('evidence'));
    const res = await t.app.inject({ method: 'POST', url: '/api/diag/reset' });
    expect(res.statusCode).toBe(200);
    expect(DiagResetResponse.parse(res.json()).tables_truncated).toBeGreaterThan(0);
    expect(await t.ctx.db.select().from(jobs)).toHaveLength(0);
    expect(await t.blobs.has(blob.sha256)).toBe(false);
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
  });
});

describe('outside test mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { METAMORPH_TEST_MODE: '0' } });
  });
  afterAll(async () => t.close());

  it('the reset and demo routes do not exist', async () => {
    await t.ctx.queue.enqueue('demo.count', {});
    for (const url of ['/api/diag/reset', '/api/jobs/demo']) {
      const res = await t.app.inject({ method: 'POST', url, payload: {} });
      expect(res.statusCode).toBe(404);
    }
    expect(await t.ctx.db.select().from(jobs)).toHaveLength(1);
  });
});
