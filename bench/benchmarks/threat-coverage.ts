import type autocannon from 'autocannon';
import { BENCH_ADMIN, enterpriseBundle, importBundle, sessionCookie } from '../lib/attack.js';
import { load } from '../lib/load.js';
import { startMetamorph } from '../lib/metamorph.js';
import { api } from '../lib/missions.js';
import { cpuSeconds } from '../lib/proc.js';
import { seedMission } from '../lib/results-mission.js';
import { stopServer } from '../lib/server.js';
import { round } from '../lib/stats.js';
import type { BenchResult, Benchmark, Row } from '../lib/types.js';

const MISSIONS = 5;
const SCENARIOS = 10;
const PER_SCENARIO = 20;
const CONNECTIONS = 20;
/** Groups of the real Enterprise release (APT28, APT29, FIN7): about 150 techniques. */
const GROUPS = ['G0007', 'G0016', 'G0046'];
const COLUMNS = [
  'database',
  'request',
  'req/s',
  'p50 ms',
  'p99 ms',
  'server CPU ms/req',
  'KiB/resp',
];

/**
 * Threat coverage and the next-tests list of one client: 5 missions × 200 tests with known
 * outcomes (the results seed), a profile of real Enterprise groups (~150 techniques), PGlite.
 */
const benchmark: Benchmark = {
  name: 'threat-coverage',
  title: `Threat coverage and next tests: ${MISSIONS} missions × ${SCENARIOS * PER_SCENARIO} tests`,
  order: 89,
  async run(ctx): Promise<BenchResult> {
    const notes: string[] = [];
    const rows: Row[] = [];
    const { server } = await startMetamorph(ctx, {
      env: {
        METAMORPH_ADMIN_EMAIL: BENCH_ADMIN.email,
        METAMORPH_ADMIN_PASSWORD: BENCH_ADMIN.password,
      },
    });
    try {
      const cookie = await sessionCookie(server.url);
      const http = api(server.url, cookie);
      const headers = {
        cookie,
        'content-type': 'application/json',
        'x-requested-with': 'metamorph',
      };
      let clientId = '';
      for (let i = 0; i < MISSIONS; i++) {
        const seeded = await seedMission(
          ctx,
          `threats (mission ${i + 1})`,
          http,
          server,
          cookie,
          notes,
          {
            scenarios: SCENARIOS,
            perScenario: PER_SCENARIO,
            concurrency: 8,
            tag: i === 0 ? '' : `m${i}`,
          },
        );
        if (i === 0) clientId = seeded.clientId;
        // Every mission belongs to the first client, a month apart.
        const res = await fetch(`${server.url}/api/missions/${seeded.missionId}`, {
          method: 'PATCH',
          headers,
          body: JSON.stringify({ client_id: clientId, start_date: `2026-0${i + 1}-10` }),
        });
        if (res.status !== 200) throw new Error(`PATCH mission: ${res.status} ${await res.text()}`);
      }
      const bundle = enterpriseBundle(ctx.repoRoot);
      if (!bundle) throw new Error('the Enterprise bundle is needed (../shared/data/attack)');
      ctx.log('threats: importing the Enterprise release');
      const imported = await importBundle(server.url, cookie, bundle);
      notes.push(`Enterprise release imported in ${round(imported.totalS, 1)} s.`);
      const profile = await http.post<{ id: string; techniques: unknown[] }>(
        `/api/clients/${clientId}/threat-profiles`,
        { name: 'Bench profile', group_ids: GROUPS },
        201,
      );
      notes.push(
        `Profile ${GROUPS.join(', ')}: ${profile.techniques.length} techniques; tests tagged with ` +
          'the mini-enterprise techniques (results seed outcomes).',
      );
      const base = `/api/clients/${clientId}/threat-profiles/${profile.id}`;
      for (const [request, path] of [
        ['GET …/coverage', `${base}/coverage`],
        ['GET …/next-tests', `${base}/next-tests`],
      ] as const) {
        const t0 = performance.now();
        const single = await fetch(server.url + path, { headers: { cookie } });
        const bytes = (await single.arrayBuffer()).byteLength;
        if (single.status !== 200) throw new Error(`${request} answered ${single.status}`);
        notes.push(
          `${request} alone ${round(performance.now() - t0, 0)} ms, ${round(bytes / 1024, 1)} KiB.`,
        );
        ctx.log(`threats: ${request} at ${CONNECTIONS} connections`);
        const cpu0 = await cpuSeconds(server.pid);
        const r: autocannon.Result = await load({
          url: server.url + path,
          connections: CONNECTIONS,
          duration: ctx.durationS,
          timeout: 60,
          headers: { cookie },
        });
        const cpu1 = await cpuSeconds(server.pid);
        if (r.non2xx || r.errors || r.timeouts) {
          notes.push(
            `${request}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts.`,
          );
        }
        rows.push({
          database: 'PGlite',
          request,
          'req/s': round(r.requests.average, 1),
          'p50 ms': r.latency.p50,
          'p99 ms': r.latency.p99,
          'server CPU ms/req': r.requests.total
            ? round(((cpu1 - cpu0) * 1000) / r.requests.total, 1)
            : null,
          'KiB/resp': round(bytes / 1024, 1),
        });
      }
    } finally {
      await stopServer(server);
    }
    return {
      columns: COLUMNS,
      rows,
      params: {
        duration_s: ctx.durationS,
        missions: MISSIONS,
        tests_per_mission: SCENARIOS * PER_SCENARIO,
        connections: CONNECTIONS,
        groups: GROUPS.join(','),
      },
      notes,
    };
  },
};

export default benchmark;
