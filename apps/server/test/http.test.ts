import { ErrorBody, HealthResponse, ReadyResponse } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AppModule } from '../src/context.js';
import { healthModule } from '../src/modules/health/index.js';
import { jobsModule } from '../src/modules/jobs/index.js';
import { createTestApp, type TestApp } from './harness.js';

/** A module with routes that misbehave on purpose, to exercise the error handler. */
const probeModule: AppModule = {
  name: 'probe',
  routes(app) {
    app.get('/api/probe/boom', async () => {
      throw new Error('secret internal detail at /srv/app.ts:42');
    });
    app.post(
      '/api/probe/echo',
      {
        config: { auth: 'public' },
        schema: { body: z.object({ name: z.string().min(2), count: z.number().int() }) },
      },
      async (request) => ({ got: request.body }),
    );
    app.get(
      '/api/probe/items/:id',
      { schema: { params: z.object({ id: z.uuid() }) } },
      async (request) => ({ id: request.params.id }),
    );
    app.get(
      '/api/probe/bad-response',
      { schema: { response: { 200: z.object({ ok: z.literal(true) }) } } },
      async () => ({ ok: 'nope' }) as unknown as { ok: true },
    );
  },
};

function problem(res: { headers: Record<string, unknown>; body: string }): ErrorBody {
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  return ErrorBody.parse(JSON.parse(res.body));
}

describe('HTTP platform', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ modules: [healthModule, jobsModule, probeModule] });
  });
  afterAll(async () => t.close());

  it('answers /healthz and /readyz', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(HealthResponse.parse(health.json()).status).toBe('ok');
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    const body = ReadyResponse.parse(ready.json());
    expect(body.database).toBe(t.database.kind);
    expect(body.migrations.applied).toBe(body.migrations.expected);
    expect(body.migrations.expected).toBeGreaterThan(0);
  });

  it('readyz is 503 problem+json when migrations are missing', async () => {
    await t.database.query("delete from metamorph_migrations where tag = '0000_foundation'");
    try {
      const res = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(problem(res).detail).toContain('0000_foundation');
    } finally {
      const { loadMigrations } = await import('../src/db/migrate.js');
      const m = loadMigrations().find((x) => x.tag === '0000_foundation');
      await t.database.query('insert into metamorph_migrations (tag, hash) values ($1, $2)', [
        m?.tag,
        m?.hash,
      ]);
    }
  });

  it('serves OpenAPI 3.1 generated from the contract, and a docs UI', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/api/jobs/{id}']));
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  it('unknown routes and methods are problem+json 404 with the request id', async () => {
    for (const [method, url] of [
      ['GET', '/api/nothing-here'],
      ['DELETE', '/healthz'],
      ['PATCH', '/api/jobs/00000000-0000-4000-8000-000000000000'],
    ] as const) {
      const res = await t.app.inject({ method, url });
      expect(res.statusCode).toBe(404);
      const body = problem(res);
      expect(body.code).toBe('not_found');
      expect(body.requestId).toBe(res.headers['x-request-id']);
    }
  });

  it('keeps a caller-supplied request id when it is safe, replaces it otherwise', async () => {
    const ok = await t.app.inject({
      method: 'GET',
      url: '/api/nope',
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(problem(ok).requestId).toBe('trace-123');
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/nope',
      headers: { 'x-request-id': 'evil\nvalue<script>' },
    });
    expect(problem(bad).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('malformed JSON is 400, wrong content type 415, oversized body 413', async () => {
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/probe/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(problem(malformed).code).toBe('bad_request');
    const wrongType = await t.app.inject({
      method: 'POST',
      url: '/api/probe/echo',
      headers: { 'content-type': 'application/x-unknown' },
      payload: 'name=x',
    });
    expect(wrongType.statusCode).toBe(415);
    expect(problem(wrongType).code).toBe('unsupported_media_type');
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/probe/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), count: 1 }),
    });
    expect(huge.statusCode).toBe(413);
    expect(problem(huge).code).toBe('payload_too_large');
  });

  it('invalid payloads are 422 naming every bad field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/probe/echo',
      payload: { name: 'x', count: 1.5 },
    });
    expect(res.statusCode).toBe(422);
    const body = problem(res);
    expect(body.code).toBe('validation_failed');
    expect(body.errors?.map((e) => e.path).sort()).toEqual(['body.count', 'body.name']);
    expect(body.detail).toContain('body.name');
    const params = await t.app.inject({ method: 'GET', url: '/api/probe/items/not-a-uuid' });
    expect(params.statusCode).toBe(422);
    expect(problem(params).errors?.[0]?.path).toBe('params.id');
  });

  it('unknown errors are a generic 500 without internals, and the app keeps serving', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/probe/boom' });
    expect(res.statusCode).toBe(500);
    const body = problem(res);
    expect(body.code).toBe('internal_error');
    expect(res.body).not.toContain('secret');
    expect(res.body).not.toContain('.ts');
    const bad = await t.app.inject({ method: 'GET', url: '/api/probe/bad-response' });
    expect(bad.statusCode).toBe(500);
    expect(bad.body).not.toContain('nope');
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('sends security headers with a CSP the SPA works under', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });
});
