import { BENCH_ADMIN, sessionCookie } from '../lib/attack.js';
import { startMetamorph } from '../lib/metamorph.js';
import { api, type Api } from '../lib/missions.js';
import { pgUnavailableReason, withTempDatabase } from '../lib/pg.js';
import { stopServer } from '../lib/server.js';
import { percentile, round } from '../lib/stats.js';
import type { BenchContext, BenchResult, Benchmark, Row } from '../lib/types.js';

const TESTS = 500;
const MIN_ROUNDS = 5;

const COLUMNS = [
  'database',
  'tests/request',
  'requests',
  'p50 ms',
  'max ms',
  'ms/test (p50)',
  'assign ms',
  'planned day ms',
  'skip ms',
];

interface BulkAnswer {
  updated: Array<{ id: string; version: number }>;
  unchanged: string[];
}

async function missionOf(http: Api, n: number): Promise<{ missionId: string; testIds: string[] }> {
  const client = await http.post<{ id: string }>('/api/clients', { name: 'Bench client' });
  const mission = await http.post<{ id: string }>('/api/missions', {
    client_id: client.id,
    name: 'Bench workspace',
  });
  const tpl = await http.post<{ id: string }>('/api/library/tests', {
    name: 'Bench procedure',
    attack_ids: ['T1059.001'],
  });
  const scenario = await http.post<{ tests: Array<{ id: string }> }>(
    `/api/missions/${mission.id}/scenarios`,
    { test_template_ids: Array.from({ length: n }, () => tpl.id), name: 'Bench' },
  );
  if (scenario.tests.length !== n) throw new Error(`scenario has ${scenario.tests.length} tests`);
  return { missionId: mission.id, testIds: scenario.tests.map((t) => t.id) };
}

/** One timed bulk request; throws unless every test changed. */
async function timed(http: Api, missionId: string, body: Record<string, unknown>, n: number) {
  const t0 = performance.now();
  const res = await http.post<BulkAnswer>(`/api/missions/${missionId}/tests/bulk`, body, 200);
  const ms = performance.now() - t0;
  if (res.updated.length !== n) {
    throw new Error(`${String(body.action)}: ${res.updated.length} of ${n} tests updated`);
  }
  return ms;
}

async function measure(ctx: BenchContext, label: string, databaseUrl?: string): Promise<Row> {
  const { server } = await startMetamorph(ctx, {
    ...(databaseUrl ? { databaseUrl } : {}),
    env: {
      METAMORPH_ADMIN_EMAIL: BENCH_ADMIN.email,
      METAMORPH_ADMIN_PASSWORD: BENCH_ADMIN.password,
    },
  });
  try {
    const cookie = await sessionCookie(server.url);
    const http = api(server.url, cookie);
    ctx.log(`workspace-bulk (${label}): building a mission of ${TESTS} tests`);
    const { missionId, testIds } = await missionOf(http, TESTS);
    // The admin created the mission, so it leads it (and is a member to assign to).
    const me = await http.get<{ id: string }>('/api/auth/me');
    const all = { test_ids: testIds };
    const assign = await timed(
      http,
      missionId,
      { ...all, action: 'assign', assignee_id: me.id },
      TESTS,
    );
    const day = await timed(
      http,
      missionId,
      { ...all, action: 'set_planned_day', planned_day: '2026-12-08' },
      TESTS,
    );

    ctx.log(`workspace-bulk (${label}): exclude/include from report for ${ctx.durationS} s`);
    const times: number[] = [];
    const until = performance.now() + ctx.durationS * 1000;
    while (times.length < MIN_ROUNDS || performance.now() < until) {
      const action = times.length % 2 ? 'include_in_report' : 'exclude_from_report';
      times.push(await timed(http, missionId, { ...all, action }, TESTS));
    }
    const skip = await timed(http, missionId, { ...all, action: 'skip', reason: 'bench' }, TESTS);
    const p50 = percentile(times, 50);
    return {
      database: label,
      'tests/request': TESTS,
      requests: times.length,
      'p50 ms': round(p50, 1),
      'max ms': round(Math.max(...times), 1),
      'ms/test (p50)': round(p50 / TESTS, 3),
      'assign ms': round(assign, 1),
      'planned day ms': round(day, 1),
      'skip ms': round(skip, 1),
    };
  } finally {
    await stopServer(server);
  }
}

/** One bulk action over 500 tests: one transaction, 500 versions, audit rows and live events. */
const benchmark: Benchmark = {
  name: 'workspace-bulk',
  title: `Bulk action over ${TESTS} tests (POST /api/missions/:id/tests/bulk)`,
  order: 87,
  async run(ctx): Promise<BenchResult> {
    const rows: Row[] = [];
    const notes: string[] = [];
    const unavailable = await pgUnavailableReason();
    if (unavailable) notes.push(`PostgreSQL row skipped: ${unavailable}`);
    else rows.push(await withTempDatabase((url) => measure(ctx, 'PostgreSQL', url)));
    rows.push(await measure(ctx, 'PGlite'));
    notes.push(
      `Each request names all ${TESTS} tests of the mission and changes every one of them ` +
        '(version bump, one audit row and one change event each, in one transaction); the ' +
        'timed rounds alternate exclude_from_report and include_in_report, sequentially, one ' +
        'client. Time is the round trip as the client sees it.',
    );
    return {
      columns: COLUMNS,
      rows,
      params: { duration_s: ctx.durationS, tests: TESTS, min_rounds: MIN_ROUNDS },
      notes,
    };
  },
};

export default benchmark;
