import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable, type RouteEntry } from '../src/platform/http/route-policy.js';
import {
  diffTables,
  parseTable,
  renderTable,
  type AuthzRow,
  type AuthzTable,
} from './authz-table.js';
import { createTestApp, type TestApp } from './harness.js';
import {
  MARKER,
  SWEEP_ACTORS,
  sweepWorld,
  type SweepActor,
  type SweepWorld,
} from './sweep-world.js';

/**
 * Issue 22 point 3, generated from the app's own route table (not a hand list): every route ×
 * nine callers (see sweep-world.ts). Asserts, for every answer: no 5xx; 401 for anonymous
 * wherever the route is not declared public; 404 — the same answer as for an id that does not
 * exist, never 403 — on mission, evidence and finding routes for callers outside the mission;
 * no trace of the hidden test in anything a blue-only member reads; no write through a token
 * scoped to library.read; and the committed table (test/authz-table.txt) cell by cell.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const TABLE_FILE = path.join(here, 'authz-table.txt');

/** Routes not called, with why (they stay in the table, their cells "-"). */
const NOT_CALLED: Record<string, string> = {
  'POST /api/diag/reset': 'test mode only: public by design, wipes every table',
};
/** Routes answering a never-ending stream: called over a socket, status read, then closed. */
const isStream = (url: string) => url.endsWith('/events');
const OUTSIDERS: readonly SweepActor[] = ['no_role', 'outsider'];

interface Answer {
  status: number;
  body: string;
}

let t: TestApp;
let w: SweepWorld;
let base: string;
let routes: RouteEntry[];
let jsonBodies: Set<string>;
const got: AuthzTable = new Map();
const failures: string[] = [];
let requests = 0;

async function call(method: string, url: string, who: SweepActor, body: boolean): Promise<Answer> {
  requests++;
  const headers = w.headers[who];
  if (isStream(url)) {
    const ctl = new AbortController();
    const res = await fetch(`${base}${url}`, { headers, signal: ctl.signal });
    const text = res.status === 200 ? '' : await res.text();
    ctl.abort();
    return { status: res.status, body: text };
  }
  const res = await t.app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(body ? { payload: { zz_authz_sweep: true } } : {}),
  });
  return { status: res.statusCode, body: res.body };
}

const detail = (a: Answer) => {
  try {
    return (JSON.parse(a.body) as { detail?: string }).detail ?? '';
  } catch {
    return a.body.slice(0, 80);
  }
};

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  w = await sweepWorld(t);
  const doc = t.app.swagger() as unknown as {
    paths: Record<string, Record<string, { requestBody?: { content?: object } }>>;
  };
  jsonBodies = new Set(
    Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.requestBody?.content && 'application/json' in op.requestBody.content)
        .map(([m]) => `${m.toUpperCase()} ${p.replace(/\{([A-Za-z]+)\}/g, ':$1')}`),
    ),
  );
  // HEAD mirrors GET (Fastify adds it). Own-session routes last: one that wrongly went
  // through (a logout) must not hide the rest.
  const own = (r: RouteEntry) => /^\/api\/(auth|me)\//.test(r.url);
  routes = routeTable(t.app)
    .filter((r) => r.method !== 'HEAD')
    .sort((a, b) => Number(own(a)) - Number(own(b)));
}, 120_000);
afterAll(() => t?.close());

async function sweepRoute(r: RouteEntry): Promise<void> {
  const key = `${r.method} ${r.url}`;
  const row = {} as AuthzRow;
  got.set(key, row);
  if (NOT_CALLED[key]) {
    for (const a of SWEEP_ACTORS) row[a] = '-';
    return;
  }
  const body = jsonBodies.has(key);
  for (const who of SWEEP_ACTORS) {
    const url = await w.url(r.method, r.url, body);
    const a = await call(r.method, url, who, body);
    row[who] = String(a.status);
    const say = (what: string) =>
      failures.push(`${key} as ${who}: ${what} (${a.body.slice(0, 120)})`);
    if (a.status >= 500) say(`${a.status}`);
    if (who === 'anonymous' && r.auth !== 'public' && a.status !== 401) say(`${a.status}, not 401`);
    if (r.guard && OUTSIDERS.includes(who)) {
      const none = await call(r.method, w.nowhere(r.url), who, body);
      if (a.status !== 404) say(`${a.status} outside the mission, not 404`);
      else if (none.status !== 404 || detail(none) !== detail(a)) {
        say(`"${detail(a)}" differs from a missing id's ${none.status} "${detail(none)}"`);
      }
    }
    const leaks = [MARKER, w.hiddenTestId, w.hiddenEvidenceId].some((s) => a.body.includes(s));
    if (who === 'blue' && a.status < 300 && leaks)
      say('the hidden test reached a blue-only member');
    const writes = !['GET', 'HEAD'].includes(r.method);
    if (who === 'token' && writes && r.declares !== 'self' && a.status < 400) {
      say(`a library.read token wrote (${a.status})`);
    }
  }
}

describe('the generated authorization sweep', () => {
  it('answers every route × caller as the table says, with no 5xx, 401 for anonymous and 404 outside the mission', async () => {
    expect(routes.length).toBeGreaterThan(120);
    for (const r of routes) await sweepRoute(r);
    console.log(
      `[authz-sweep] ${routes.length} routes × ${SWEEP_ACTORS.length} callers: ${requests} requests`,
    );
    // Every caller is still signed in: no route logged one out mid-sweep.
    for (const who of SWEEP_ACTORS.filter((a) => a !== 'anonymous')) {
      const me = await t.app.inject({ url: '/api/auth/me', headers: w.headers[who] });
      expect(me.statusCode, who).toBe(200);
    }
    if (process.env.AUTHZ_SWEEP === 'write') writeFileSync(TABLE_FILE, renderTable(got));
    expect(failures).toEqual([]);
    expect(diffTables(parseTable(readFileSync(TABLE_FILE, 'utf8')), got)).toEqual([]);
    // ~1,400 requests in sequence: minutes on a loaded 2-core machine, not the default 30 s.
  }, 300_000);

  it('hides the hidden test and its evidence from the blue-only member on every route naming them', async () => {
    const misses: string[] = [];
    for (const r of routes.filter((x) => x.method === 'GET')) {
      const hasTest = r.url.includes(':testId');
      const isEvidence = r.url.startsWith('/api/evidence/:id');
      if (!hasTest && !isEvidence) continue;
      const url = (await w.url('GET', r.url, false))
        .replace(w.visibleTestId, w.hiddenTestId)
        .replace(/^\/api\/evidence\/[0-9a-f-]+/, `/api/evidence/${w.hiddenEvidenceId}`);
      const blue = await call('GET', url, 'blue', false);
      const red = await call('GET', url, 'red', false);
      if (blue.status !== 404) misses.push(`${r.url} as blue: ${blue.status}`);
      if (red.status !== 200) misses.push(`${r.url} as red: ${red.status} (the world is wrong)`);
    }
    expect(misses).toEqual([]);
  });
});
