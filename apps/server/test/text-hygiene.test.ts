import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../src/modules/evidence/test-evidence.js';
import { routeTable } from '../src/platform/http/route-policy.js';
import { loginAdmin, type Headers } from './auth-helpers.js';
import { createTestApp, type TestApp } from './harness.js';
import { routeWorld, type RouteWorld } from './route-world.js';

/**
 * FINDINGS #3: NUL and lone surrogates in text answered 500 (PostgreSQL cannot store them).
 * One rule for every route (platform/http/text-hygiene.ts): NUL is kept visible as U+FFFD,
 * a lone surrogate answers 422 naming the field. On both databases.
 */
const NUL = '\u0000';
const FFFD = '\uFFFD';
const LONE = '\ud800';

let t: TestApp;
let admin: Headers;
let w: RouteWorld;
let n = 0;

beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAdmin(t);
  w = await routeWorld(t, admin);
});
afterAll(() => t?.close());

/** The routes of the findings: a valid body with `text` in one field (a path into it). */
const cases = (): {
  name: string;
  method: 'POST' | 'PUT';
  url: string;
  body: (text: string) => object;
  field: string;
  read: (json: Record<string, unknown>) => unknown;
}[] => [
  {
    name: 'test PUT red_output',
    method: 'PUT',
    url: `/api/missions/${w.missionId}/tests/${w.testId}`,
    body: (s) => ({ red_output: `MZ${s}PE`, red_command: `cmd${s}` }),
    field: 'body.red_output',
    read: (j) => j.red_output,
  },
  {
    name: 'client name',
    method: 'POST',
    url: '/api/clients',
    body: (s) => ({ name: `Client ${++n} a${s}b` }),
    field: 'body.name',
    read: (j) => String(j.name).replace(/^Client \d+ /, ''),
  },
  {
    name: 'asset name',
    method: 'POST',
    url: `/api/missions/${w.missionId}/assets`,
    body: (s) => ({ kind: 'target', name: `a${s}b` }),
    field: 'body.name',
    read: (j) => j.name,
  },
  {
    name: 'token name',
    method: 'POST',
    url: '/api/me/tokens',
    body: (s) => ({ name: `a${s}b`, scopes: ['library.read'] }),
    field: 'body.name',
    read: (j) => (j.token as { name: string }).name,
  },
  {
    name: 'scenario template name',
    method: 'POST',
    url: '/api/library/scenarios',
    body: (s) => ({ name: `a${s}b` }),
    field: 'body.name',
    read: (j) => j.name,
  },
  {
    name: 'mission clone name',
    method: 'POST',
    url: `/api/missions/${w.missionId}/clone`,
    body: (s) => ({ name: `a${s}b` }),
    field: 'body.name',
    read: (j) => j.name,
  },
  {
    name: 'detection level label',
    method: 'POST',
    url: '/api/detection-levels',
    body: (s) => ({
      key: `lvl_${++n}`,
      label: `a${s}b`,
      colour: '#123456',
      rank: 500 + n,
      counts_as: 'logged',
      coverage_score: 10,
    }),
    field: 'body.label',
    read: (j) => j.label,
  },
  {
    name: 'library test executor command (nested)',
    method: 'POST',
    url: '/api/library/tests',
    body: (s) => ({ name: 'Nested', executor: { name: 'sh', command: `a${s}b` } }),
    field: 'body.executor.command',
    read: (j) => (j.executor as { command: string }).command,
  },
];

describe('text hygiene at the boundary', () => {
  it('keeps NUL visible as U+FFFD on every route of the findings (stored, read back)', async () => {
    for (const c of cases()) {
      const res = await t.app.inject({
        method: c.method,
        url: c.url,
        headers: admin,
        payload: c.body(`${NUL}${NUL}`),
      });
      expect(res.statusCode, `${c.name}: ${res.body}`).toBeLessThan(300);
      const expected = c.name.startsWith('test PUT') ? `MZ${FFFD}${FFFD}PE` : `a${FFFD}${FFFD}b`;
      expect(c.read(res.json() as Record<string, unknown>), c.name).toBe(expected);
    }
    const again = await t.app.inject({
      url: `/api/missions/${w.missionId}/tests/${w.testId}`,
      headers: admin,
    });
    expect((again.json() as { red_command: string }).red_command).toBe(`cmd${FFFD}${FFFD}`);
  });

  it('refuses a lone surrogate with 422 naming the field, on the same routes', async () => {
    for (const c of cases()) {
      const res = await t.app.inject({
        method: c.method,
        url: c.url,
        headers: admin,
        payload: c.body(LONE),
      });
      expect(res.statusCode, `${c.name}: ${res.body}`).toBe(422);
      const body = res.json() as { errors: { path: string; message: string }[] };
      expect(
        body.errors.map((e) => e.path),
        c.name,
      ).toContain(c.field);
      expect(body.errors[0]?.message).toMatch(/lone UTF-16 surrogate/);
    }
  });

  it('checks every JSON body of the route table before its schema (a surrogate is named)', async () => {
    // Every route whose OpenAPI operation takes a JSON body (the foreign layer included).
    const doc = t.app.swagger() as unknown as {
      paths: Record<string, Record<string, { requestBody?: { content?: object } }>>;
    };
    const json = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) =>
        Object.entries(ops)
          .filter(
            ([, op]) => op.requestBody?.content && 'application/json' in op.requestBody.content,
          )
          .map(([m]) => `${m.toUpperCase()} ${p}`),
      ),
    );
    const writes = routeTable(t.app).filter((r) =>
      json.has(`${r.method} ${r.url.replace(/:([A-Za-z]+)/g, '{$1}')}`),
    );
    const failures: string[] = [];
    let checked = 0;
    for (const r of writes) {
      const res = await t.app.inject({
        method: r.method as 'POST',
        url: w.url(r.url),
        headers: { ...admin, 'content-type': 'application/json' },
        payload: JSON.stringify({ zz: `x${LONE}` }), // the escape \ud800 on the wire
      });
      checked++;
      const path = (res.json() as { errors?: { path: string }[] }).errors?.[0]?.path;
      if (res.statusCode !== 422 || path !== 'body.zz') {
        failures.push(`${r.method} ${r.url}: ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });

  it('answers a NUL in a query string like any other character (no 500)', async () => {
    for (const url of [
      '/api/library/tests?q=%00',
      '/api/attack/techniques?q=a%00b',
      '/api/attack/groups?q=%00',
      `/api/audit?target_id=%00`,
      '/api/library/scenarios?q=%00',
    ]) {
      const res = await t.app.inject({ url, headers: admin });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    }
  });

  it('applies the same NUL rule to an evidence caption (a multipart field)', async () => {
    const upload = multipart(
      { name: 'out.txt', content: Buffer.from('tool output') },
      { caption: `before${NUL}after` },
    );
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/missions/${w.missionId}/tests/${w.testId}/evidence`,
      headers: { ...admin, ...upload.headers },
      payload: upload.payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((res.json() as { caption: string }).caption).toBe(`before${FFFD}after`);
  });
});
