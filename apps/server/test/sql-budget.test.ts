import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADERS } from './auth-helpers.js';
import { createUser } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';
import { describeStatements, statementCounter, type StatementCounter } from './sql-count.js';
import { resultsWorld, type ResultsWorld } from '../src/modules/results/test-results.js';

/**
 * Upper bounds of SQL statements per request on the key routes (issue 21): each is today's
 * count, so a change that adds a round trip fails here and has to raise the number on purpose.
 * Counts, never times; BEGIN and COMMIT count like any other statement.
 */
const BUDGET = {
  signIn: 14,
  putTest: 20,
  transition: 19,
  planAfterWrite: 7,
  planUnchanged: 4,
  getTest: 12,
  heatmap: 13,
  dashboard: 11,
  evidenceUpload: 16,
} as const;

describe('SQL statements per request', () => {
  let t: TestApp;
  let w: ResultsWorld;
  let sql: StatementCounter;
  let missionId: string;
  let testId: string;
  const seen: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp();
    w = await resultsWorld(t);
    const m = await w.newMission('Budget');
    missionId = m.id;
    testId = await w.addTest(m.id, m.scenarioId, 'Budgeted', ['T1059.001']);
    await t.ctx.settings.get();
    sql = statementCounter(t);
  });
  afterAll(async () => {
    sql.stop();
    console.log(`statements per request (${t.database.kind}): ${JSON.stringify(seen)}`);
    await t.close();
  });

  const within = async (
    name: keyof typeof BUDGET,
    fn: () => Promise<{ statusCode: number; body: string }>,
  ) => {
    const all = await sql.count(fn);
    expect(all.result.statusCode, all.result.body).toBeLessThan(300);
    // Settings are cached per process until a change (kernel/settings.ts): a request that reads
    // the table again is a regression, so it counts.
    const c = all;
    seen[name] = c.count;
    // Zero would mean the counter lost the request's context, not a free route.
    expect(c.count, 'the counter saw the request').toBeGreaterThan(0);
    expect(c.count, `${name}: ${c.count} statements\n${describeStatements(c)}`).toBeLessThanOrEqual(
      BUDGET[name],
    );
  };
  const url = (p = '') => `/api/missions/${missionId}${p}`;

  it('sign-in', async () => {
    const u = await createUser(t, { roleKeys: ['red_operator'] });
    await within('signIn', () =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: CSRF_HEADERS,
        payload: { email: u.email, password: u.password },
      }),
    );
  });

  it('PUT a mission test, then its transition', async () => {
    await within('putTest', () =>
      w.req('red', 'PUT', url(`/tests/${testId}`), { red_command: 'whoami /all' }),
    );
    await within('transition', () =>
      w.req('red', 'POST', url(`/tests/${testId}/transition`), { state: 'executed' }),
    );
  });

  it('GET the plan after a write, and again unchanged', async () => {
    await w.ok('red', 'PUT', url(`/tests/${testId}`), { red_output: 'done' });
    await within('planAfterWrite', () => w.req('lead', 'GET', url('/plan')));
    await within('planUnchanged', () => w.req('lead', 'GET', url('/plan')));
  });

  it('GET a test', async () => {
    await within('getTest', () => w.req('blue', 'GET', url(`/tests/${testId}`)));
  });

  it('GET the heat map and the dashboard', async () => {
    await within('heatmap', () => w.req('lead', 'GET', url('/heatmap')));
    await within('dashboard', () => w.req('lead', 'GET', url('/dashboard')));
  });

  it('evidence upload', async () => {
    await within('evidenceUpload', async () => {
      const r = await w.upload('red', missionId, testId, 'proof.txt', Buffer.from('proof'), 'a');
      return { statusCode: 201, body: JSON.stringify(r) };
    });
  });
});
