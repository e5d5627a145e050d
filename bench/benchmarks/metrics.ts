import { Histogram, Registry } from 'prom-client';
import { BENCH_ADMIN as ADMIN, sessionCookie } from '../lib/attack.js';
import { load } from '../lib/load.js';
import { startMetamorph } from '../lib/metamorph.js';
import { cpuSeconds } from '../lib/proc.js';
import { stopServer } from '../lib/server.js';
import { round } from '../lib/stats.js';
import type { Benchmark, Row } from '../lib/types.js';

const TOKEN = 'bench-metrics-token-0123456789';

/** Nanoseconds per Histogram.observe with the server's labels (the per-request hook's work). */
function observeCostNs(): number {
  const h = new Histogram({
    name: 'x',
    help: 'x',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [new Registry()],
  });
  const n = 200_000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    h.observe({ method: 'GET', route: '/api/auth/me', status: '200' }, (i % 100) / 1000);
  }
  return Number(process.hrtime.bigint() - t0) / n;
}

/**
 * What /metrics costs: request throughput of GET /api/auth/me at 50 connections with nobody
 * scraping (the baseline, same run) and with a scraper every second (15–60 s is usual, so this
 * is a pessimistic bound); one scrape's time and size; the per-request observe in-process.
 */
const benchmark: Benchmark = {
  name: 'metrics',
  title: 'Prometheus /metrics overhead on request throughput (PGlite)',
  order: 45,
  async run(ctx) {
    const { server } = await startMetamorph(ctx, {
      env: {
        METAMORPH_ADMIN_EMAIL: ADMIN.email,
        METAMORPH_ADMIN_PASSWORD: ADMIN.password,
        METRICS_TOKEN: TOKEN,
      },
    });
    const rows: Row[] = [];
    const scrapeMs: number[] = [];
    let bytes = 0;
    const scrape = async () => {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
      scrapeMs.push(performance.now() - t0);
      bytes = text.length;
    };
    try {
      const cookie = await sessionCookie(server.url);
      await scrape();
      const run = async (label: string, scraping: boolean) => {
        ctx.log(`metrics: ${label}`);
        const timer = scraping ? setInterval(() => void scrape(), 1000) : undefined;
        const cpu0 = await cpuSeconds(server.pid);
        const r = await load({
          url: `${server.url}/api/auth/me`,
          connections: 50,
          duration: ctx.durationS,
          headers: { cookie },
        });
        const cpu1 = await cpuSeconds(server.pid);
        if (timer) clearInterval(timer);
        rows.push({
          case: label,
          'req/s': round(r.requests.average, 0),
          'p50 ms': r.latency.p50,
          'p99 ms': r.latency.p99,
          non2xx: r.non2xx,
          'server CPU ms/req': r.requests.total
            ? round(((cpu1 - cpu0) * 1000) / r.requests.total, 3)
            : null,
        });
        return r.requests.average;
      };
      const base = await run('GET /api/auth/me, no scraper (baseline)', false);
      const scraped = await run('GET /api/auth/me, /metrics scraped every 1 s', true);
      rows.push({
        case: 'ratio scraped / baseline',
        'req/s': base ? round(scraped / base, 2) : null,
        'p50 ms': null,
        'p99 ms': null,
        non2xx: null,
        'server CPU ms/req': null,
      });
      const sorted = [...scrapeMs].sort((a, b) => a - b);
      rows.push({
        case: `one scrape (${sorted.length} taken, ${round(bytes / 1024, 1)} KiB)`,
        'req/s': null,
        'p50 ms': round(sorted[Math.floor(sorted.length / 2)] ?? 0, 1),
        'p99 ms': round(sorted[sorted.length - 1] ?? 0, 1),
        non2xx: null,
        'server CPU ms/req': null,
      });
      rows.push({
        case: 'Histogram.observe in-process (the per-request hook)',
        'req/s': null,
        'p50 ms': null,
        'p99 ms': null,
        non2xx: null,
        'server CPU ms/req': round(observeCostNs() / 1e6, 5),
      });
    } finally {
      await stopServer(server);
    }
    return {
      columns: ['case', 'req/s', 'p50 ms', 'p99 ms', 'non2xx', 'server CPU ms/req'],
      rows,
      params: { duration_s: ctx.durationS, database: 'pglite', scrape_every_s: 1 },
      notes: [
        'The scrape row shows the slowest scrape as p99 (few samples).',
        'Every request also pays one Histogram.observe (last row, in ms) in its onResponse hook.',
      ],
    };
  },
};

export default benchmark;
