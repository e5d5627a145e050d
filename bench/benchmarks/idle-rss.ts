import { setTimeout as sleep } from 'node:timers/promises';
import { startBare, startMetamorph, touch } from '../lib/metamorph.js';
import { pgUnavailableReason, withTempDatabase } from '../lib/pg.js';
import { procStatusBytes, rssBytes } from '../lib/proc.js';
import { stopServer, type RunningServer } from '../lib/server.js';
import { MiB, round } from '../lib/stats.js';
import type { BenchContext, Benchmark, Row } from '../lib/types.js';

const IDLE_MS = 2000;
const PATHS = ['/healthz', '/readyz', '/', '/does/not/exist'];

async function sample(server: RunningServer, target: string, readyMs: number | null): Promise<Row> {
  await touch(server.url, PATHS);
  await sleep(IDLE_MS);
  return {
    target,
    'RSS MiB': round((await rssBytes(server.pid)) / MiB, 1),
    'peak RSS MiB': round((await procStatusBytes(server.pid, 'VmHWM')) / MiB, 1),
    'ready ms': readyMs === null ? null : round(readyMs, 0),
    note: '',
  };
}

async function metamorphRow(ctx: BenchContext, target: string, databaseUrl?: string): Promise<Row> {
  const { server, timing } = await startMetamorph(ctx, databaseUrl ? { databaseUrl } : {});
  try {
    return await sample(server, target, timing.readyMs);
  } finally {
    await stopServer(server);
  }
}

const benchmark: Benchmark = {
  name: 'idle-rss',
  title: `Idle resident memory (VmRSS) after a few requests and ${IDLE_MS / 1000} s idle`,
  order: 3,
  async run(ctx) {
    const notes: string[] = [];
    const rows: Row[] = [];

    const bare = await startBare('0.0.0');
    try {
      rows.push(await sample(bare, 'bare node:http (baseline)', null));
    } finally {
      await stopServer(bare);
    }

    ctx.log('metamorph on PGlite');
    rows.push(await metamorphRow(ctx, 'metamorph, PGlite (fresh DATA_DIR)'));

    const reason = await pgUnavailableReason();
    if (reason) {
      console.log(`idle-rss: skipping the PostgreSQL row: ${reason}`);
      notes.push(`PostgreSQL row skipped: ${reason}`);
      rows.push({
        target: 'metamorph, PostgreSQL',
        'RSS MiB': null,
        'peak RSS MiB': null,
        'ready ms': null,
        note: 'skipped: PostgreSQL unreachable',
      });
    } else {
      ctx.log('metamorph on PostgreSQL (temporary database)');
      rows.push(
        await withTempDatabase((url) => metamorphRow(ctx, 'metamorph, PostgreSQL (fresh db)', url)),
      );
    }
    notes.push(`Requests before idling: ${PATHS.join(', ')} × 3. LOG_LEVEL=warn.`);
    return {
      columns: ['target', 'RSS MiB', 'peak RSS MiB', 'ready ms', 'note'],
      rows,
      params: { idle_ms: IDLE_MS, log_level: 'warn' },
      notes,
    };
  },
};

export default benchmark;
