import pg from 'pg';
import { BENCH_ADMIN, sessionCookie } from '../lib/attack.js';
import { load } from '../lib/load.js';
import { startMetamorph } from '../lib/metamorph.js';
import { api, missionLibraryDocument, rawPlanLoad } from '../lib/missions.js';
import { pgUnavailableReason, withTempDatabase } from '../lib/pg.js';
import { cpuSeconds } from '../lib/proc.js';
import { stopServer } from '../lib/server.js';
import { percentile, round } from '../lib/stats.js';
import type { BenchContext, BenchResult, Benchmark, Row } from '../lib/types.js';

const SCENARIOS = 50;
const PER_SCENARIO = 20;
const TESTS = SCENARIOS * PER_SCENARIO;
const CONNECTIONS = 50;
const RAW_WORKERS = 50;
const RAW_POOL = 10;

const COLUMNS = [
  'run',
  'database',
  'build s',
  'ms/scenario',
  'req/s',
  'p50 ms',
  'p99 ms',
  'server CPU ms/req',
  'KiB/resp',
  'raw ops/s',
  'raw p99 ms',
  'ratio',
];

interface Plan {
  scenarios: Array<{ tests: unknown[] }>;
}

async function measure(
  ctx: BenchContext,
  label: string,
  notes: string[],
  databaseUrl?: string,
): Promise<Row> {
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

    ctx.log(`mission-plan (${label}): importing ${TESTS} tests and ${SCENARIOS} scenarios`);
    const importStart = performance.now();
    await http.post(
      '/api/library/import',
      missionLibraryDocument(TESTS, SCENARIOS, PER_SCENARIO),
      200,
    );
    const importS = (performance.now() - importStart) / 1000;
    const page = await http.get<{ items: Array<{ id: string; key: string }> }>(
      '/api/library/scenarios?limit=200',
    );
    const templates = page.items
      .filter((s) => s.key.startsWith('bench:s'))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    if (templates.length !== SCENARIOS) {
      throw new Error(`expected ${SCENARIOS} scenario templates, found ${templates.length}`);
    }
    const client = await http.post<{ id: string }>('/api/clients', { name: 'Bench client' });
    const mission = await http.post<{ id: string }>('/api/missions', {
      client_id: client.id,
      name: 'Bench mission 50 × 20',
    });

    ctx.log(`mission-plan (${label}): adding ${SCENARIOS} scenarios one by one`);
    const steps: number[] = [];
    const cpuBuild0 = await cpuSeconds(server.pid);
    const buildStart = performance.now();
    for (const t of templates) {
      const t0 = performance.now();
      await http.post(`/api/missions/${mission.id}/scenarios`, { scenario_template_id: t.id });
      steps.push(performance.now() - t0);
    }
    const buildS = (performance.now() - buildStart) / 1000;
    const buildCpuS = (await cpuSeconds(server.pid)) - cpuBuild0;

    const planPath = `/api/missions/${mission.id}/plan`;
    const firstStart = performance.now();
    const plan = await http.get<Plan>(planPath);
    const firstMs = performance.now() - firstStart;
    const testCount = plan.scenarios.reduce((n, s) => n + s.tests.length, 0);
    if (plan.scenarios.length !== SCENARIOS || testCount !== TESTS) {
      throw new Error(
        `plan has ${plan.scenarios.length} scenarios and ${testCount} tests, expected ${SCENARIOS} and ${TESTS}`,
      );
    }
    const bodyKiB = JSON.stringify(plan).length / 1024;

    ctx.log(`mission-plan (${label}): GET /plan at ${CONNECTIONS} connections`);
    const cpu0 = await cpuSeconds(server.pid);
    const r = await load({
      url: server.url + planPath,
      connections: CONNECTIONS,
      duration: ctx.durationS,
      headers: { cookie },
    });
    const cpu1 = await cpuSeconds(server.pid);
    if (r.non2xx || r.errors || r.timeouts) {
      notes.push(
        `${label}: GET /plan load had ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts.`,
      );
    }

    let raw: Awaited<ReturnType<typeof rawPlanLoad>> | null = null;
    if (databaseUrl) {
      ctx.log(`mission-plan (${label}): raw SQL baseline, ${RAW_WORKERS} workers`);
      const pool = new pg.Pool({ connectionString: databaseUrl, max: RAW_POOL });
      try {
        raw = await rawPlanLoad(pool, mission.id, ctx.durationS, RAW_WORKERS);
      } finally {
        await pool.end();
      }
    }

    notes.push(
      `${label}: library import of ${TESTS} tests + ${SCENARIOS} scenarios ${round(importS, 2)} s; ` +
        `add-scenario p50 ${round(percentile(steps, 50), 0)} ms, max ${round(Math.max(...steps), 0)} ms, ` +
        `server CPU ${round((buildCpuS * 1000) / SCENARIOS, 0)} ms/scenario; ` +
        `first GET /plan ${round(firstMs, 0)} ms, body ${round(bodyKiB, 1)} KiB` +
        (raw
          ? `; raw rows JSON ${round(raw.bytes / 1024, 1)} KiB, raw p50 ${round(raw.p50Ms, 1)} ms`
          : '') +
        '.',
    );
    return {
      run: `${SCENARIOS} × ${PER_SCENARIO}, ${CONNECTIONS} conn`,
      database: label,
      'build s': round(buildS, 2),
      'ms/scenario': round((buildS * 1000) / SCENARIOS, 1),
      'req/s': round(r.requests.average, 0),
      'p50 ms': r.latency.p50,
      'p99 ms': r.latency.p99,
      'server CPU ms/req': r.requests.total
        ? round(((cpu1 - cpu0) * 1000) / r.requests.total, 2)
        : null,
      'KiB/resp': r.requests.total ? round(r.throughput.total / r.requests.total / 1024, 1) : null,
      'raw ops/s': raw ? round(raw.opsPerS, 0) : null,
      'raw p99 ms': raw ? round(raw.p99Ms, 1) : null,
      ratio: raw && raw.opsPerS > 0 ? round(r.requests.average / raw.opsPerS, 2) : null,
    };
  } finally {
    await stopServer(server);
  }
}

/** Building a 1,000-test mission scenario by scenario, then reading its plan under load. */
const benchmark: Benchmark = {
  name: 'mission-plan',
  title: `Mission of ${SCENARIOS} scenarios × ${PER_SCENARIO} tests`,
  order: 80,
  async run(ctx): Promise<BenchResult> {
    const rows: Row[] = [];
    const notes: string[] = [];
    const unavailable = await pgUnavailableReason();
    if (unavailable) notes.push(`PostgreSQL row skipped: ${unavailable}`);
    else {
      rows.push(await withTempDatabase((url) => measure(ctx, 'PostgreSQL', notes, url)));
    }
    rows.push(await measure(ctx, 'PGlite', notes));
    notes.push(
      `raw = ${RAW_WORKERS} async workers on a pg.Pool of ${RAW_POOL} in the bench process, each op the ` +
        'three SELECTs (live scenarios, live tests, their mission_test_attack rows) in a row + ' +
        'JSON.stringify; ratio = API req/s ÷ raw ops/s (goal ≥ 0.5). PGlite has no raw baseline ' +
        '(its database lives inside the server process).',
      'KiB/resp is what autocannon received per response (headers included, no compression).',
    );
    return {
      columns: COLUMNS,
      rows,
      params: {
        duration_s: ctx.durationS,
        scenarios: SCENARIOS,
        tests_per_scenario: PER_SCENARIO,
        connections: CONNECTIONS,
        raw_workers: RAW_WORKERS,
        raw_pool: RAW_POOL,
      },
      notes,
    };
  },
};

export default benchmark;
