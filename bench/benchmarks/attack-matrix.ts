import { BENCH_ADMIN, enterpriseBundle, importBundle, sessionCookie } from '../lib/attack.js';
import { load } from '../lib/load.js';
import { startMetamorph } from '../lib/metamorph.js';
import { cpuSeconds } from '../lib/proc.js';
import { stopServer } from '../lib/server.js';
import { round } from '../lib/stats.js';
import type { BenchResult, Benchmark, Row } from '../lib/types.js';

const CONNECTIONS = 50;

/** GET /api/attack/matrix latency at 50 connections on the real Enterprise release. */
const benchmark: Benchmark = {
  name: 'attack-matrix',
  title: 'ATT&CK matrix endpoint on the Enterprise bundle (PGlite)',
  order: 60,
  async run(ctx): Promise<BenchResult> {
    const columns = [
      'request',
      'connections',
      'req/s',
      'p50 ms',
      'p99 ms',
      'non2xx',
      'server CPU ms/req',
      'KiB/resp',
    ];
    const bundle = enterpriseBundle(ctx.repoRoot);
    if (!bundle) {
      return {
        columns,
        rows: [],
        params: { database: 'pglite' },
        notes: [
          'Skipped: ../shared/data/attack/enterprise-attack.json is absent (set METAMORPH_SHARED_DATA).',
        ],
      };
    }
    const { server } = await startMetamorph(ctx, {
      env: {
        METAMORPH_ADMIN_EMAIL: BENCH_ADMIN.email,
        METAMORPH_ADMIN_PASSWORD: BENCH_ADMIN.password,
      },
    });
    const rows: Row[] = [];
    const notes: string[] = [];
    try {
      const cookie = await sessionCookie(server.url);
      ctx.log('attack-matrix: importing the Enterprise bundle');
      const importS = (await importBundle(server.url, cookie, bundle)).totalS;
      notes.push(
        `Import through POST /api/attack/sync took ${round(importS, 1)} s (upload + job).`,
      );
      const cases = [
        { request: 'GET /api/auth/me (baseline: session lookup only)', path: '/api/auth/me' },
        { request: 'GET /api/attack/matrix', path: '/api/attack/matrix' },
        {
          request: 'GET /api/attack/matrix (revoked + deprecated)',
          path: '/api/attack/matrix?include_revoked=true&include_deprecated=true',
        },
        { request: 'GET /api/attack/techniques?q=T1059', path: '/api/attack/techniques?q=T1059' },
        { request: 'GET /api/attack/techniques/T1059', path: '/api/attack/techniques/T1059' },
      ];
      for (const c of cases) {
        ctx.log(`attack-matrix: ${c.request}`);
        const first = await fetch(server.url + c.path, { headers: { cookie } });
        const size = (await first.arrayBuffer()).byteLength;
        if (first.status !== 200) throw new Error(`${c.path} answered ${first.status}`);
        const cpu0 = await cpuSeconds(server.pid);
        const r = await load({
          url: server.url + c.path,
          connections: CONNECTIONS,
          duration: ctx.durationS,
          headers: { cookie },
        });
        const cpu1 = await cpuSeconds(server.pid);
        rows.push({
          request: c.request,
          connections: CONNECTIONS,
          'req/s': round(r.requests.average, 0),
          'p50 ms': r.latency.p50,
          'p99 ms': r.latency.p99,
          non2xx: r.non2xx,
          'server CPU ms/req': r.requests.total
            ? round(((cpu1 - cpu0) * 1000) / r.requests.total, 2)
            : null,
          'KiB/resp': round(size / 1024, 0),
        });
      }
    } finally {
      await stopServer(server);
    }
    notes.push(
      'The matrix is built once per current release id and filter and kept serialised: a request costs the session lookup, one release lookup and the send of the cached JSON (or a 304 on If-None-Match).',
    );
    return { columns, rows, params: { duration_s: ctx.durationS, database: 'pglite' }, notes };
  },
};

export default benchmark;
