import { BENCH_ADMIN, sessionCookie } from '../lib/attack.js';
import { load } from '../lib/load.js';
import { startMetamorph } from '../lib/metamorph.js';
import { api, type Api } from '../lib/missions.js';
import { pgUnavailableReason, withTempDatabase } from '../lib/pg.js';
import { cpuSeconds } from '../lib/proc.js';
import { stopServer } from '../lib/server.js';
import { openSse } from '../lib/sse.js';
import { percentile, round } from '../lib/stats.js';
import type { BenchContext, BenchResult, Benchmark, Row } from '../lib/types.js';

const TESTS = 50;
const CONNECTIONS = 50;
const SSE_CLIENTS = 100;
const SSE_WRITES = 20;

const COLUMNS = [
  'database',
  'PUT req/s',
  'PUT p50 ms',
  'PUT p99 ms',
  'server CPU ms/PUT',
  'SSE clients',
  'fan-out p50 ms',
  'fan-out p99 ms',
  'fan-out max ms',
];

interface PlanTest {
  id: string;
}

async function missionWithTests(http: Api): Promise<{ missionId: string; testIds: string[] }> {
  const client = await http.post<{ id: string }>('/api/clients', { name: 'Bench client' });
  const mission = await http.post<{ id: string }>('/api/missions', {
    client_id: client.id,
    name: 'Bench execution',
  });
  const tpl = await http.post<{ id: string }>('/api/library/tests', {
    name: 'Bench procedure',
    attack_ids: ['T1059.001'],
  });
  const scenario = await http.post<{ id: string; tests: PlanTest[] }>(
    `/api/missions/${mission.id}/scenarios`,
    { test_template_ids: Array.from({ length: 1 }, () => tpl.id), name: 'Bench' },
  );
  const testIds = scenario.tests.map((t) => t.id);
  for (let i = testIds.length; i < TESTS; i++) {
    const plan = await http.post<{
      scenarios: Array<{ tests: Array<PlanTest & { snapshot_name: string }> }>;
    }>(`/api/missions/${mission.id}/tests`, { scenario_id: scenario.id, name: `Bench test ${i}` });
    const added = plan.scenarios
      .flatMap((s) => s.tests)
      .find((t) => t.snapshot_name === `Bench test ${i}`);
    if (!added) throw new Error('ad hoc test missing from the plan');
    testIds.push(added.id);
  }
  return { missionId: mission.id, testIds };
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
      // The fan-out's streams all belong to the bench's one session: above the default caps.
      LIVE_MAX_STREAMS_PER_USER: String(SSE_CLIENTS + 10),
      LIVE_MAX_STREAMS_PER_SESSION: String(SSE_CLIENTS + 10),
    },
  });
  try {
    const cookie = await sessionCookie(server.url);
    const http = api(server.url, cookie);
    ctx.log(`test-execution (${label}): building a mission of ${TESTS} tests`);
    const { missionId, testIds } = await missionWithTests(http);

    ctx.log(`test-execution (${label}): PUT at ${CONNECTIONS} connections`);
    let n = 0;
    const cpu0 = await cpuSeconds(server.pid);
    const r = await load({
      url: server.url,
      connections: CONNECTIONS,
      duration: ctx.durationS,
      requests: [
        {
          method: 'PUT',
          setupRequest: (req) => {
            const i = n++;
            return {
              ...req,
              path: `/api/missions/${missionId}/tests/${testIds[i % testIds.length]}`,
              headers: {
                cookie,
                'x-requested-with': 'metamorph',
                'content-type': 'application/json',
              },
              body: JSON.stringify({
                red_comment_md: `Run ${i}`,
                red_output: `output line ${i}\n`,
              }),
            };
          },
        },
      ],
    });
    const cpu1 = await cpuSeconds(server.pid);
    if (r.non2xx || r.errors || r.timeouts) {
      notes.push(
        `${label}: PUT load had ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts.`,
      );
    }

    ctx.log(`test-execution (${label}): SSE fan-out to ${SSE_CLIENTS} clients`);
    const pending = new Map<number, { t0: number; seen: number[] }>();
    let ready = 0;
    const streams = await Promise.all(
      Array.from({ length: SSE_CLIENTS }, () =>
        openSse(`${server.url}/api/missions/${missionId}/events`, cookie, (type, data) => {
          if (type === 'ready') ready++;
          if (type !== 'test.changed') return;
          // Events may arrive before the PUT's answer: keep every arrival by sequence number.
          const seq = (JSON.parse(data) as { seq: number }).seq;
          const entry = pending.get(seq) ?? { t0: 0, seen: [] };
          entry.seen.push(performance.now());
          pending.set(seq, entry);
        }),
      ),
    );
    const latencies: number[] = [];
    try {
      for (let wait = 0; ready < SSE_CLIENTS && wait < 200; wait++) {
        await new Promise((res) => setTimeout(res, 50));
      }
      if (ready < SSE_CLIENTS) throw new Error(`only ${ready} of ${SSE_CLIENTS} streams got ready`);
      for (let w = 0; w < SSE_WRITES; w++) {
        const t0 = performance.now();
        const detail = await http.put<{ change_seq: number }>(
          `/api/missions/${missionId}/tests/${testIds[0]}`,
          { red_comment_md: `fan-out ${w}` },
        );
        const entry = pending.get(detail.change_seq) ?? { t0, seen: [] };
        entry.t0 = t0;
        pending.set(detail.change_seq, entry);
        for (let wait = 0; entry.seen.length < SSE_CLIENTS && wait < 200; wait++) {
          await new Promise((res) => setTimeout(res, 10));
        }
        if (entry.seen.length < SSE_CLIENTS) {
          notes.push(
            `${label}: write ${w} reached ${entry.seen.length} of ${SSE_CLIENTS} clients within 2 s.`,
          );
        }
        latencies.push(...entry.seen.map((t) => t - t0));
      }
    } finally {
      for (const s of streams) s.close();
    }
    return {
      database: label,
      'PUT req/s': round(r.requests.average, 0),
      'PUT p50 ms': r.latency.p50,
      'PUT p99 ms': r.latency.p99,
      'server CPU ms/PUT': r.requests.total
        ? round(((cpu1 - cpu0) * 1000) / r.requests.total, 2)
        : null,
      'SSE clients': SSE_CLIENTS,
      'fan-out p50 ms': round(percentile(latencies, 50), 1),
      'fan-out p99 ms': round(percentile(latencies, 99), 1),
      'fan-out max ms': round(Math.max(...latencies), 1),
    };
  } finally {
    await stopServer(server);
  }
}

/** Writing a test's red fields under load, and how fast a write reaches 100 live viewers. */
const benchmark: Benchmark = {
  name: 'test-execution',
  title: `PUT a mission test at ${CONNECTIONS} connections; SSE fan-out to ${SSE_CLIENTS} clients`,
  order: 85,
  async run(ctx): Promise<BenchResult> {
    const rows: Row[] = [];
    const notes: string[] = [];
    const unavailable = await pgUnavailableReason();
    if (unavailable) notes.push(`PostgreSQL row skipped: ${unavailable}`);
    else rows.push(await withTempDatabase((url) => measure(ctx, 'PostgreSQL', notes, url)));
    rows.push(await measure(ctx, 'PGlite', notes));
    notes.push(
      `PUT: each request writes red_comment_md and red_output of one of ${TESTS} tests in turn ` +
        '(a real change each time: version bump, audit row, change sequence, NOTIFY).',
      `fan-out: ${SSE_WRITES} sequential PUTs while ${SSE_CLIENTS} SSE streams are open on the ` +
        'mission; latency = from sending the PUT to each stream receiving its test.changed event ' +
        '(includes the PUT itself).',
    );
    return {
      columns: COLUMNS,
      rows,
      params: {
        duration_s: ctx.durationS,
        tests: TESTS,
        connections: CONNECTIONS,
        sse_clients: SSE_CLIENTS,
      },
      notes,
    };
  },
};

export default benchmark;
