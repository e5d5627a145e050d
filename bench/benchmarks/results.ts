import type autocannon from 'autocannon';
import pg from 'pg';
import { BENCH_ADMIN, sessionCookie } from '../lib/attack.js';
import { load } from '../lib/load.js';
import { startMetamorph } from '../lib/metamorph.js';
import { api } from '../lib/missions.js';
import { pgUnavailableReason, withTempDatabase } from '../lib/pg.js';
import { cpuSeconds } from '../lib/proc.js';
import { download, rawLoad, rawResultsRead, settle, type RawLoad } from '../lib/results.js';
import { seedMission } from '../lib/results-mission.js';
import type { RunningServer } from '../lib/server.js';
import { stopServer } from '../lib/server.js';
import { MiB, round } from '../lib/stats.js';
import type { BenchContext, BenchResult, Benchmark, Row } from '../lib/types.js';

const SCENARIOS = 50;
const PER_SCENARIO = 20;
const TESTS = SCENARIOS * PER_SCENARIO;
const CONNECTIONS = 50;
const SEED_CONCURRENCY = 8;
const CLONES = 19;
const RAW_WORKERS = 50;
const RAW_POOL = 10;
/** Heavy responses: a shorter run at 50 connections would finish no request at all. */
const MIN_LOAD_S = 20;

const COLUMNS = [
  'database',
  'request',
  'req/s',
  'p50 ms',
  'p99 ms',
  'server CPU ms/req',
  'KiB/resp',
  'raw ops/s',
  'raw p99 ms',
  'ratio',
  'full body ms',
  'peak RSS MiB',
];

async function loadRow(
  label: string,
  request: string,
  server: RunningServer,
  path: string,
  cookie: string,
  durationS: number,
  notes: string[],
  raw?: RawLoad | null,
): Promise<Row> {
  const t0 = performance.now();
  const single = await fetch(server.url + path, { headers: { cookie } });
  const singleBytes = (await single.arrayBuffer()).byteLength;
  const singleMs = performance.now() - t0;
  if (single.status !== 200) notes.push(`${label}: ${request} answered ${single.status}.`);
  const cpu0 = await cpuSeconds(server.pid);
  const r: autocannon.Result = await load({
    url: server.url + path,
    connections: CONNECTIONS,
    duration: Math.max(durationS, MIN_LOAD_S),
    timeout: 120,
    headers: { cookie },
  });
  // The requests still open at the deadline are served during settle(): count their CPU too.
  const settleS = await settle(server.pid, cpuSeconds);
  const cpu1 = await cpuSeconds(server.pid);
  notes.push(
    `${label}: ${request} alone ${round(singleMs, 0)} ms, body ${round(singleBytes / 1024, 1)} ` +
      `KiB; under load ${r.requests.total} responses, server busy ${round(settleS, 1)} s after.`,
  );
  if (r.non2xx || r.errors || r.timeouts) {
    notes.push(
      `${label}: ${request} had ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts.`,
    );
  }
  const total = r.requests.total;
  return {
    database: label,
    request,
    'req/s': round(r.requests.average, 0),
    'p50 ms': r.latency.p50,
    'p99 ms': r.latency.p99,
    'server CPU ms/req': round(((cpu1 - cpu0) * 1000) / (total + CONNECTIONS), 1),
    'KiB/resp': total ? round(r.throughput.total / total / 1024, 1) : round(singleBytes / 1024, 1),
    'raw ops/s': raw ? round(raw.opsPerS, 0) : null,
    'raw p99 ms': raw ? round(raw.p99Ms, 1) : null,
    ratio: raw && raw.opsPerS > 0 ? round(r.requests.average / raw.opsPerS, 2) : null,
    'full body ms': null,
    'peak RSS MiB': null,
  };
}

async function measure(
  ctx: BenchContext,
  label: string,
  notes: string[],
  databaseUrl?: string,
): Promise<{ rows: Row[]; seedS: number }> {
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
    const { missionId, clientId, seedS } = await seedMission(
      ctx,
      label,
      http,
      server,
      cookie,
      notes,
      {
        scenarios: SCENARIOS,
        perScenario: PER_SCENARIO,
        concurrency: SEED_CONCURRENCY,
      },
    );
    const m = `/api/missions/${missionId}`;

    let raw: RawLoad | null = null;
    if (databaseUrl) {
      ctx.log(`results (${label}): raw SQL baseline, ${RAW_WORKERS} workers`);
      const pool = new pg.Pool({ connectionString: databaseUrl, max: RAW_POOL });
      try {
        raw = await rawLoad(() => rawResultsRead(pool, missionId), ctx.durationS, RAW_WORKERS);
      } finally {
        await pool.end();
      }
      notes.push(
        `${label}: raw result JSON ${round(raw.bytes / 1024, 1)} KiB, raw p50 ${round(raw.p50Ms, 1)} ms.`,
      );
    }

    const rows: Row[] = [];
    const targets: Array<[string, string]> = [
      ['GET /dashboard', `${m}/dashboard`],
      ['GET /heatmap?rule=worst', `${m}/heatmap?rule=worst`],
    ];
    const layerProbe = await fetch(`${server.url}${m}/layer`, { headers: { cookie } });
    await layerProbe.arrayBuffer();
    if (layerProbe.status === 200) targets.push(['GET /layer', `${m}/layer`]);
    else
      notes.push(
        `${label}: GET /api/missions/:id/layer answered ${layerProbe.status}: not measured.`,
      );
    for (const [request, path] of targets) {
      ctx.log(`results (${label}): ${request} at ${CONNECTIONS} connections`);
      rows.push(await loadRow(label, request, server, path, cookie, ctx.durationS, notes, raw));
    }

    ctx.log(`results (${label}): cloning the mission ${CLONES} times`);
    const cloneStart = performance.now();
    for (let i = 1; i <= CLONES; i++) {
      await http.post(`${m}/clone`, { name: `Bench results clone ${i}` });
    }
    const cloneS = (performance.now() - cloneStart) / 1000;
    const coveragePath = `/api/coverage?client_id=${clientId}`;
    const first = performance.now();
    const coverage = await http.get<{ missions: unknown[] }>(coveragePath);
    notes.push(
      `${label}: ${CLONES} clones in ${round(cloneS, 1)} s; first GET /coverage ` +
        `${round(performance.now() - first, 0)} ms over ${coverage.missions.length} missions.`,
    );
    ctx.log(`results (${label}): GET /coverage at ${CONNECTIONS} connections`);
    rows.push(
      await loadRow(
        label,
        `GET /coverage (${CLONES + 1} × ${TESTS})`,
        server,
        coveragePath,
        cookie,
        ctx.durationS,
        notes,
      ),
    );

    for (const format of ['csv', 'xlsx'] as const) {
      ctx.log(`results (${label}): export ${format}`);
      const d = await download(`${server.url}${m}/export?format=${format}`, cookie, server.pid);
      if (d.status !== 200) notes.push(`${label}: export ${format} answered ${d.status}.`);
      notes.push(
        `${label}: export ${format} ${round(d.bytes / 1024, 0)} KiB; RSS ${round(d.rssBefore / MiB, 0)} MiB ` +
          `before, peak ${round(d.peakRss / MiB, 0)} MiB (${d.rssMethod}).`,
      );
      rows.push({
        database: label,
        request: `GET /export?format=${format} (1 conn)`,
        'KiB/resp': round(d.bytes / 1024, 0),
        'full body ms': round(d.ms, 0),
        'peak RSS MiB': round(d.peakRss / MiB, 0),
      });
    }
    return { rows, seedS };
  } finally {
    await stopServer(server);
  }
}

/** The results read model: dashboard, heat map, coverage and exports of a 1,000-test mission. */
const benchmark: Benchmark = {
  name: 'results',
  title: `Dashboard, heat map, coverage and export of a ${TESTS}-test mission`,
  order: 88,
  async run(ctx): Promise<BenchResult> {
    const rows: Row[] = [];
    const notes: string[] = [];
    const seed: Record<string, number | null> = {};
    const unavailable = await pgUnavailableReason();
    if (unavailable) notes.push(`PostgreSQL rows skipped: ${unavailable}`);
    else {
      const pgRun = await withTempDatabase((url) => measure(ctx, 'PostgreSQL', notes, url));
      rows.push(...pgRun.rows);
      seed.seed_s_postgres = round(pgRun.seedS, 1);
    }
    const lite = await measure(ctx, 'PGlite', notes);
    rows.push(...lite.rows);
    seed.seed_s_pglite = round(lite.seedS, 1);
    notes.push(
      `Tests tagged with techniques of mini-enterprise.json; ~10% pending, 2% skipped, 2% blocked, ` +
        `2% executed awaiting review, the rest reviewed with a level whose tool facts suggest it.`,
      `raw = ${RAW_WORKERS} async workers on a pg.Pool of ${RAW_POOL} in the bench process, each op ` +
        'two aggregate SELECTs (tests by state × level key; per technique tests, reviewed outcomes, ' +
        'worst rank, detected) + JSON.stringify; the same raw figure is the baseline of both the ' +
        'dashboard and the heat map; ratio = API req/s ÷ raw ops/s (goal ≥ 0.7). PGlite has no raw ' +
        'baseline (its database lives inside the server process).',
      'Clones copy structure only (tests pending, no tool results), so coverage judges the seeded ' +
        `mission's outcomes while reading all ${(CLONES + 1) * TESTS} tests.`,
      `Load runs last max(BENCH_DURATION, ${MIN_LOAD_S}) s with a 120 s request timeout; ` +
        'server CPU ms/req = CPU from the start of the run until the server is idle again ÷ ' +
        `(responses + the ${CONNECTIONS} still open at the deadline).`,
      'KiB/resp is what autocannon received per response (headers included, no compression); for ' +
        'exports it is the body size.',
    );
    return {
      columns: COLUMNS,
      rows,
      params: {
        duration_s: ctx.durationS,
        min_load_s: MIN_LOAD_S,
        tests: TESTS,
        connections: CONNECTIONS,
        seed_concurrency: SEED_CONCURRENCY,
        clones: CLONES,
        raw_workers: RAW_WORKERS,
        raw_pool: RAW_POOL,
        ...seed,
      },
      notes,
    };
  },
};

export default benchmark;
