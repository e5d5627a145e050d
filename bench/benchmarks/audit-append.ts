import { openDatabase, type Database } from '../../apps/server/dist/db/client.js';
import { migrate } from '../../apps/server/dist/db/migrate.js';
import { appendAudit, verifyAuditChain } from '../../apps/server/dist/platform/audit/audit.js';
import { systemClock } from '../../apps/server/dist/platform/clock.js';
import { pgUnavailableReason, withTempDatabase } from '../lib/pg.js';
import { round } from '../lib/stats.js';
import type { BenchContext, Benchmark, Row } from '../lib/types.js';

const WRITERS = 8;

/** 8 writers, each appending one event per transaction, for the benchmark's duration. */
async function measure(ctx: BenchContext, database: Database, label: string): Promise<Row> {
  await migrate(database);
  const deadline = Date.now() + ctx.durationS * 1000;
  let appended = 0;
  const writer = async (w: number) => {
    while (Date.now() < deadline) {
      await database.db.transaction(async (tx) => {
        await appendAudit(
          tx,
          systemClock,
          { actor: null, ip: '127.0.0.1', userAgent: 'bench', requestId: `w${w}` },
          { action: 'settings.updated', targetId: null, after: { writer: w, n: appended } },
        );
      });
      appended++;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  const seconds = (Date.now() - started) / 1000;
  const verifyStart = Date.now();
  const verified = await verifyAuditChain(database.db);
  return {
    database: label,
    writers: WRITERS,
    events: appended,
    'events/s': round(appended / seconds, 0),
    'chain valid': verified.ok && verified.checked === appended,
    'verify ms': Date.now() - verifyStart,
  };
}

const benchmark: Benchmark = {
  name: 'audit-append',
  title: 'Hash-chained audit appends under 8 concurrent writers',
  order: 50,
  async run(ctx) {
    const rows: Row[] = [];
    const notes: string[] = [];
    ctx.log('audit-append: PGlite');
    const lite = await openDatabase({ kind: 'pglite-memory' });
    try {
      rows.push(await measure(ctx, lite, 'PGlite (one connection)'));
    } finally {
      await lite.close();
    }
    const unavailable = await pgUnavailableReason();
    if (unavailable) notes.push(`PostgreSQL row skipped: ${unavailable}`);
    else {
      ctx.log('audit-append: PostgreSQL');
      await withTempDatabase(async (url) => {
        const pgdb = await openDatabase({ kind: 'postgres', url, poolMax: WRITERS });
        try {
          rows.push(await measure(ctx, pgdb, `PostgreSQL (pool of ${WRITERS})`));
        } finally {
          await pgdb.close();
        }
      });
    }
    notes.push('Appends serialise on pg_advisory_xact_lock; each event is its own transaction.');
    return {
      columns: ['database', 'writers', 'events', 'events/s', 'chain valid', 'verify ms'],
      rows,
      params: { duration_s: ctx.durationS, writers: WRITERS },
      notes,
    };
  },
};

export default benchmark;
