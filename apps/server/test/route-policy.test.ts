import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  registerRoutePolicy,
  routeTable,
  type RouteEntry,
} from '../src/platform/http/route-policy.js';
import { createTestApp, type TestApp } from './harness.js';

let t: TestApp;
let table: readonly RouteEntry[];

beforeAll(async () => {
  t = await createTestApp();
  table = routeTable(t.app);
});
afterAll(() => t?.close());

const writes = () => table.filter((r) => r.declares !== null);

describe('the route table', () => {
  it('has every module registered (reads and writes)', () => {
    expect(table.length).toBeGreaterThan(80);
    expect(writes().length).toBeGreaterThan(50);
  });

  it('declares what every writing route needs', () => {
    const undeclared = table.filter(
      (r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && !r.declares,
    );
    expect(undeclared).toEqual([]);
  });

  it('has every write under /api/missions/:id declare a mission write level, a permission or self', () => {
    const loose = writes().filter(
      (r) =>
        r.url.startsWith('/api/missions/:id') &&
        !/^(mission:(write|manage)|permission:|self$)/.test(r.declares!),
    );
    expect(loose).toEqual([]);
  });

  it('classifies the red/blue write paths as mission writes', () => {
    const of = (method: string, url: string) =>
      table.find((r) => r.method === method && r.url === url)?.declares;
    expect(of('PUT', '/api/missions/:id/tests/:testId')).toBe('mission:write');
    expect(of('POST', '/api/missions/:id/tests/:testId/transition')).toBe('mission:write');
    expect(of('POST', '/api/missions/:id/tests/:testId/evidence')).toBe('mission:write');
    expect(of('POST', '/api/missions/:id/reveal')).toBe('mission:write');
    expect(of('PATCH', '/api/missions/:id/tests/:testId/plan')).toBe('mission:manage');
    expect(of('PATCH', '/api/evidence/:id')).toBe('evidence:write');
    expect(of('PUT', '/api/missions/:id/presence')).toBe('self');
  });
});

describe('the route policy', () => {
  it('refuses to register a write route that declares nothing (copied from a read route)', async () => {
    const app = Fastify();
    registerRoutePolicy(app);
    app.get('/api/things/:id', { config: { auth: 'user', mission: 'read' } }, async () => ({}));
    expect(() =>
      app.put('/api/things/:id', { config: { auth: 'user', mission: 'read' } }, async () => ({})),
    ).toThrow(/PUT \/api\/things\/:id writes but declares no permission/);
    app.post('/api/things', { config: { permission: 'library.write' } }, async () => ({}));
    await app.ready();
    expect(routeTable(app).map((r) => `${r.method} ${r.url} ${r.declares}`)).toEqual([
      'GET /api/things/:id null',
      'HEAD /api/things/:id null',
      'POST /api/things permission:library.write',
    ]);
    await app.close();
  });
});
