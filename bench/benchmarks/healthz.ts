import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type autocannon from 'autocannon';
import { load } from '../lib/load.js';
import { startBare, startMetamorph, type LogLevel } from '../lib/metamorph.js';
import { cpuSeconds } from '../lib/proc.js';
import { stopServer, type RunningServer } from '../lib/server.js';
import { round } from '../lib/stats.js';
import type { BenchContext, Benchmark, Row } from '../lib/types.js';

const CONNECTIONS = 50;
const WARMUP_S = 1;

const run = (url: string, connections: number, durationS: number) =>
  load({ url, connections, duration: durationS, timeout: 10 });

interface Measured {
  result: autocannon.Result;
  /** Bytes the server wrote to stdout/stderr per request (warm-up included), start banner excluded. */
  logBytesPerReq: number | null;
  /** Server CPU time (user + system) per request in µs: robust against other load on the box. */
  cpuUsPerReq: number | null;
}

async function measure(ctx: BenchContext, server: RunningServer): Promise<Measured> {
  const url = `${server.url}/healthz`;
  const logBefore = (await stat(server.logFile)).size;
  const warmup = await run(url, 10, WARMUP_S);
  const cpuBefore = await cpuSeconds(server.pid);
  const result = await run(url, CONNECTIONS, ctx.durationS);
  const cpu = (await cpuSeconds(server.pid)) - cpuBefore;
  await sleep(200); // let the last log lines reach the file
  const logged = (await stat(server.logFile)).size - logBefore;
  const requests = warmup.requests.total + result.requests.total;
  return {
    result,
    logBytesPerReq: requests ? round(logged / requests, 1) : null,
    cpuUsPerReq: result.requests.total ? round((cpu * 1e6) / result.requests.total, 0) : null,
  };
}

function row(target: string, logLevel: string, m: Measured): Row {
  const r = m.result;
  return {
    target,
    'log level': logLevel,
    'req/s': round(r.requests.average, 0),
    'p50 ms': r.latency.p50,
    'p99 ms': r.latency.p99,
    'non-2xx': r.non2xx,
    errors: r.errors,
    'bytes/resp': r.requests.total ? round(r.throughput.total / r.requests.total, 0) : null,
    'log bytes/req': m.logBytesPerReq,
    'server CPU µs/req': m.cpuUsPerReq,
  };
}

async function runMetamorph(
  ctx: BenchContext,
  logLevel: LogLevel,
): Promise<Measured & { version: string }> {
  const { server } = await startMetamorph(ctx, { logLevel });
  try {
    const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5000) });
    const body = (await res.json()) as { version?: unknown };
    const version = typeof body.version === 'string' ? body.version : '0.0.0';
    ctx.log(`metamorph (LOG_LEVEL=${logLevel}) ready; ${ctx.durationS} s × ${CONNECTIONS} conns`);
    return { ...(await measure(ctx, server)), version };
  } finally {
    await stopServer(server);
  }
}

const benchmark: Benchmark = {
  name: 'healthz',
  title: `GET /healthz throughput: Metamorph vs a bare node:http server`,
  order: 1,
  async run(ctx) {
    const warn = await runMetamorph(ctx, 'warn');

    const bare = await startBare(warn.version);
    let bareResult: Measured;
    try {
      ctx.log(`bare node:http ready; ${ctx.durationS} s × ${CONNECTIONS} conns`);
      bareResult = await measure(ctx, bare);
    } finally {
      await stopServer(bare);
    }

    const info = await runMetamorph(ctx, 'info');

    const bareRps = bareResult.result.requests.average;
    const ratio = (m: Measured): number | null => round(m.result.requests.average / bareRps, 2);
    const rows: Row[] = [
      { ...row('bare node:http', '—', bareResult), 'metamorph/bare': 1 },
      { ...row('metamorph', 'warn', warn), 'metamorph/bare': ratio(warn) },
      { ...row('metamorph', 'info', info), 'metamorph/bare': ratio(info) },
    ];
    return {
      columns: Object.keys(rows[0] ?? {}),
      rows,
      params: {
        connections: CONNECTIONS,
        duration_s: ctx.durationS,
        warmup_s: WARMUP_S,
        database: 'pglite',
      },
      notes: [
        'One process at a time on 127.0.0.1; autocannon runs inside the bench process, on the same CPUs.',
        'LOG_LEVEL=warn keeps request logging out of the measurement; LOG_LEVEL=info is what users run ' +
          '(server stdout goes to a file).',
        'metamorph/bare = req/s ratio; bytes/resp includes headers (security headers cost bytes); ' +
          'log bytes/req = what the server logged per request (0: probes are not request-logged); ' +
          'server CPU µs/req (user + system time of the server process) is the least noisy column ' +
          'on a busy machine.',
      ],
    };
  },
};

export default benchmark;
