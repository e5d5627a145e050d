import { BENCH_ADMIN as ADMIN, sessionCookie } from '../lib/attack.js';
import { load } from '../lib/load.js';
import { startMetamorph } from '../lib/metamorph.js';
import { cpuSeconds } from '../lib/proc.js';
import { stopServer } from '../lib/server.js';
import { round } from '../lib/stats.js';
import type { Benchmark, Row } from '../lib/types.js';

/** Logins per second (argon2id-bound) and the latency of an authenticated GET /api/auth/me. */
const benchmark: Benchmark = {
  name: 'auth',
  title: 'Sign-in throughput and authenticated request latency (PGlite)',
  order: 40,
  async run(ctx) {
    const { server } = await startMetamorph(ctx, {
      env: { METAMORPH_ADMIN_EMAIL: ADMIN.email, METAMORPH_ADMIN_PASSWORD: ADMIN.password },
    });
    const rows: Row[] = [];
    try {
      const duration = ctx.durationS;
      ctx.log('auth: logins');
      const cpu0 = await cpuSeconds(server.pid);
      const logins = await load({
        url: `${server.url}/api/auth/login`,
        method: 'POST',
        connections: 4,
        duration,
        headers: { 'content-type': 'application/json', 'x-requested-with': 'metamorph' },
        body: JSON.stringify(ADMIN),
      });
      const cpu1 = await cpuSeconds(server.pid);
      rows.push({
        request: 'POST /api/auth/login (argon2id m=19 MiB t=2 p=1)',
        connections: 4,
        'req/s': round(logins.requests.average, 1),
        'p50 ms': logins.latency.p50,
        'p99 ms': logins.latency.p99,
        non2xx: logins.non2xx,
        'server CPU ms/req': logins.requests.total
          ? round(((cpu1 - cpu0) * 1000) / logins.requests.total, 1)
          : null,
      });
      ctx.log('auth: /api/auth/me');
      const cookie = await sessionCookie(server.url);
      const me = await load({
        url: `${server.url}/api/auth/me`,
        connections: 50,
        duration,
        headers: { cookie },
      });
      const cpu2 = await cpuSeconds(server.pid);
      rows.push({
        request: 'GET /api/auth/me (session cookie)',
        connections: 50,
        'req/s': round(me.requests.average, 0),
        'p50 ms': me.latency.p50,
        'p99 ms': me.latency.p99,
        non2xx: me.non2xx,
        'server CPU ms/req': me.requests.total
          ? round(((cpu2 - cpu1) * 1000) / me.requests.total, 2)
          : null,
      });
    } finally {
      await stopServer(server);
    }
    return {
      columns: [
        'request',
        'connections',
        'req/s',
        'p50 ms',
        'p99 ms',
        'non2xx',
        'server CPU ms/req',
      ],
      rows,
      params: { duration_s: ctx.durationS, database: 'pglite' },
      notes: ['Session lookup is one SHA-256 and indexed queries; argon2 runs only at sign-in.'],
    };
  },
};

export default benchmark;
