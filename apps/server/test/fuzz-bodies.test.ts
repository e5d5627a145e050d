import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, type Headers } from './auth-helpers.js';
import { createTestApp, type TestApp } from './harness.js';
import { routeWorld, type RouteWorld } from './route-world.js';

/**
 * Issue 22 point 4: property-based fuzzing of every JSON body the OpenAPI document describes
 * (fast-check, seeded, bounded). Per operation, as an admin (every check passes, so the body
 * is what is tested): bodies drawn from the schema must never answer 5xx; the same bodies
 * broken one way (an unknown key, a wrong type, a `__proto__` key, deep nesting, a NUL in a
 * key, a non-object) must answer a 4xx problem+json naming the problem and change nothing
 * (the audit row count is the same before and after). No answer carries a stack trace, a
 * file path or SQL. Replay a failure with FUZZ_SEED=<seed printed>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 22_2026);
const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
/** Not fuzzed, with why. */
const SKIP: Record<string, string> = {
  'POST /api/auth/logout': 'ends the session the fuzzer signs in with',
  'POST /api/auth/password': 'a valid body changes the admin password the fuzzer uses',
  'DELETE /api/me/mfa': 'own account',
  'POST /api/me/mfa/verify': 'own account',
  'POST /api/me/mfa/recovery-codes': 'own account',
  'POST /api/missions/{id}/import/layer': 'a foreign document taken as it is (strict-bodies)',
};
const LEAK = /(\bat \S+ \(|node_modules|\/src\/|\.ts:\d|\bselect\b.+\bfrom\b|syntax error at)/i;

type Schema = Record<string, unknown>;

/** A value of the schema's shape (loosely: formats and bounds are mostly ignored). */
function arb(s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 4) return fc.constant(null);
  const alts = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (alts?.length) return fc.oneof(...alts.map((x) => arb(x, depth + 1)));
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  if ('const' in s) return fc.constant(s.const);
  const type = Array.isArray(s.type) ? (s.type as string[])[0] : (s.type as string | undefined);
  switch (type) {
    case 'string':
      if (s.format === 'uuid') return fc.uuid();
      if (s.format === 'date-time')
        return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      return fc.string({ maxLength: 40, unit: 'binary' });
    case 'integer':
      return fc.integer({ min: -5, max: 1000 });
    case 'number':
      return fc.double({ noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arb(s.items as Schema, depth + 1), { maxLength: 3 });
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = (s.required ?? []) as string[];
      const rec = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, arb(v, depth + 1)]));
      return fc.record(rec, { requiredKeys: required.filter((k) => k in props) });
    }
    default:
      return fc.anything({ maxDepth: 1 });
  }
}

/** Ways to break a body that every strict schema must refuse. */
const deep = (n: number): unknown => (n === 0 ? 1 : [deep(n - 1)]);
const BREAK: Array<[string, (b: Record<string, unknown>) => unknown]> = [
  ['unknown key', (b) => ({ ...b, zz_fuzz: 'x'.repeat(100_000) })],
  ['NUL in an unknown key', (b) => ({ ...b, 'a\u0000b': 1 })],
  ['deep nesting', (b) => ({ ...b, zz_deep: deep(500) })],
  ['__proto__ key', (b) => `{"__proto__":{"admin":true},${JSON.stringify(b).slice(1)}`],
  ['constructor key', (b) => ({ ...b, constructor: { prototype: { x: 1 } } })],
  ['an array', (b) => [b]],
  ['a string', () => '"just text"'],
  ['a number', () => '12345678901234567890'],
];

let t: TestApp;
let admin: Headers;
let world: RouteWorld;
let ops: Array<{ key: string; method: string; path: string; schema: Schema }>;
let requests = 0;

const auditCount = async () =>
  Number((await t.database.query<{ n: string }>('select count(*) as n from audit_events'))[0]?.n);

beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAdmin(t);
  world = await routeWorld(t, admin);
  const doc = t.app.swagger() as unknown as {
    paths: Record<
      string,
      Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>
    >;
  };
  ops = Object.entries(doc.paths).flatMap(([p, byMethod]) =>
    Object.entries(byMethod).flatMap(([m, op]) => {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      const key = `${m.toUpperCase()} ${p}`;
      return schema && !SKIP[key] ? [{ key, method: m.toUpperCase(), path: p, schema }] : [];
    }),
  );
}, 120_000);
afterAll(() => t?.close());

async function send(method: string, path: string, payload: unknown) {
  requests++;
  const url = world.url(path.replace(/\{([A-Za-z]+)\}/g, ':$1'));
  const raw = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return t.app.inject({
    method: method as 'POST',
    url,
    headers: { ...admin, 'content-type': 'application/json' },
    payload: raw,
  });
}

describe(`fuzzing every JSON body of the OpenAPI document (seed ${SEED}, ${RUNS} runs each)`, () => {
  it('never answers 5xx or leaks internals to bodies of the schema', async () => {
    expect(ops.length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const op of ops) {
      await fc.assert(
        fc.asyncProperty(arb(op.schema), async (body) => {
          const res = await send(op.method, op.path, body);
          if (res.statusCode >= 500 || LEAK.test(res.body)) {
            failures.push(
              `${op.key} ${JSON.stringify(body).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`,
            );
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
    }
    console.log(`[fuzz] valid-shaped bodies: ${ops.length} operations, ${requests} requests`);
    expect(failures).toEqual([]);
  });

  it('refuses broken bodies with a 4xx problem naming the problem, and changes nothing', async () => {
    const failures: string[] = [];
    const before = await auditCount();
    let tried = 0;
    for (const op of ops) {
      await fc.assert(
        fc.asyncProperty(arb(op.schema), fc.constantFrom(...BREAK), async (body, [how, brk]) => {
          tried++;
          const base = body && typeof body === 'object' && !Array.isArray(body) ? body : {};
          const res = await send(op.method, op.path, brk(base as Record<string, unknown>));
          const problem = res.headers['content-type']
            ?.toString()
            .startsWith('application/problem+json');
          const json = problem ? (res.json() as { code?: string; detail?: string }) : {};
          if (
            res.statusCode < 400 ||
            res.statusCode >= 500 ||
            !json.code ||
            !json.detail ||
            LEAK.test(res.body)
          ) {
            failures.push(`${op.key} ${how} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
    }
    console.log(`[fuzz] broken bodies: ${tried} requests (seed ${SEED})`);
    expect(failures).toEqual([]);
    expect(await auditCount()).toBe(before);
    const verify = await t.app.inject({ url: '/api/audit/verify', headers: admin });
    expect(verify.json()).toMatchObject({ ok: true });
  });
});
