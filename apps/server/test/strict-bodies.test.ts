import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../src/platform/http/route-policy.js';
import { loginAdmin, type Headers } from './auth-helpers.js';
import { createTestApp, type TestApp } from './harness.js';
import { routeWorld, type RouteWorld } from './route-world.js';

/**
 * FINDINGS #7 / DESIGN "Strict input": every JSON body refuses unknown keys with a 422 naming
 * them (a typo is never silently dropped), except the bodies below, which take a foreign
 * document as it is. Walks the OpenAPI document (every operation the app registered) and the
 * route table, not a hand list.
 */
const FOREIGN_DOCUMENTS: Record<string, string> = {
  'POST /api/missions/{id}/import/layer': 'an ATT&CK Navigator layer, read as the tool wrote it',
  'POST /api/clients/{id}/threat-profiles/import-layer':
    'an ATT&CK Navigator layer, read as the tool wrote it',
};

interface Operation {
  requestBody?: { content?: Record<string, { schema?: unknown }> };
}
type Doc = { paths: Record<string, Record<string, Operation>> };

/** Paths inside `schema` of object nodes that accept keys they do not declare. */
function looseObjects(schema: unknown, at: string, out: string[]): string[] {
  if (schema === null || typeof schema !== 'object') return out;
  const node = schema as Record<string, unknown>;
  const isObject = node.type === 'object' || (node.properties !== undefined && !node.type);
  // `additionalProperties: {schema}` is a record (keys are data): fine; absent or true is loose.
  if (isObject && (node.additionalProperties === undefined || node.additionalProperties === true)) {
    out.push(at || '(root)');
  }
  for (const [k, v] of Object.entries(node)) {
    if (Array.isArray(v)) v.forEach((x, i) => looseObjects(x, `${at}.${k}[${i}]`, out));
    else looseObjects(v, `${at}.${k}`, out);
  }
  return out;
}

let t: TestApp;
let admin: Headers;
let doc: Doc;
let world: RouteWorld;

beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAdmin(t);
  doc = t.app.swagger() as unknown as Doc;
  world = await routeWorld(t, admin);
});
afterAll(() => t?.close());

const jsonBodies = () =>
  Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.entries(ops)
      .filter(([, op]) => op.requestBody?.content?.['application/json'])
      .map(([m, op]) => ({
        key: `${m.toUpperCase()} ${p}`,
        method: m.toUpperCase(),
        path: p,
        schema: op.requestBody?.content?.['application/json']?.schema,
      })),
  );

describe('strict JSON bodies', () => {
  it('declare additionalProperties: false on every object of every JSON request body', () => {
    const bodies = jsonBodies();
    expect(bodies.length).toBeGreaterThan(40);
    const loose = bodies
      .filter((b) => !FOREIGN_DOCUMENTS[b.key])
      .flatMap((b) => looseObjects(b.schema, '', []).map((at) => `${b.key} ${at}`));
    expect(loose).toEqual([]);
  });

  it('answer 422 naming an unknown key on every write route that takes a JSON body', async () => {
    const withBody = new Set(jsonBodies().map((b) => b.key));
    const writes = routeTable(t.app)
      .filter((r) => {
        const key = `${r.method} ${r.url.replace(/:([A-Za-z]+)/g, '{$1}')}`;
        return r.declares !== null && withBody.has(key) && !FOREIGN_DOCUMENTS[key];
      })
      // Own-session routes last: a logout that wrongly went through must not hide the rest.
      .sort(
        (a, b) => Number(a.url.startsWith('/api/auth/')) - Number(b.url.startsWith('/api/auth/')),
      );
    expect(writes.length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const r of writes) {
      const url = world.url(r.url);
      const res = await t.app.inject({
        method: r.method as 'POST',
        url,
        headers: admin,
        payload: { zz_typo_field: 1 },
      });
      const named = res.body.includes('zz_typo_field');
      if (res.statusCode !== 422 || !named) {
        failures.push(`${r.method} ${r.url}: ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses the typos of the findings and creates nothing', async () => {
    const typo = await t.app.inject({
      method: 'POST',
      url: '/api/library/tests',
      headers: admin,
      payload: { name: 'Typo', attack_tags: ['T1003'] },
    });
    expect(typo.statusCode).toBe(422);
    expect(typo.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'body', message: expect.stringContaining('"attack_tags"') as string }],
    });
    const client = await t.app.inject({
      method: 'POST',
      url: '/api/clients',
      headers: admin,
      payload: { name: 'Typo client', note: 'singular' },
    });
    expect(client.statusCode).toBe(422);
    const issues = (client.json() as { errors: { message: string }[] }).errors;
    expect(issues.map((i) => i.message).join(' ')).toContain('"note"');
    const list = await t.app.inject({ method: 'GET', url: '/api/clients', headers: admin });
    expect(list.body).not.toContain('Typo client');
  });
});
