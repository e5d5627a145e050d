import { BENCH_ADMIN, enterpriseBundle, importBundle, sessionCookie } from '../lib/attack.js';
import { startMetamorph } from '../lib/metamorph.js';
import { procStatusBytes } from '../lib/proc.js';
import { stopServer } from '../lib/server.js';
import { MiB, round } from '../lib/stats.js';
import type { BenchResult, Benchmark, Row } from '../lib/types.js';

/** Full import of the 50 MB Enterprise bundle through the API, then a no-op re-sync. */
const benchmark: Benchmark = {
  name: 'attack-import',
  title: 'ATT&CK Enterprise v18.1 import through POST /api/attack/sync (PGlite)',
  order: 55,
  async run(ctx): Promise<BenchResult> {
    const columns = ['run', 'upload s', 'total s', 'changed', 'server peak RSS MiB'];
    const bundle = enterpriseBundle(ctx.repoRoot);
    if (!bundle) {
      return {
        columns,
        rows: [],
        params: { database: 'pglite' },
        notes: ['Skipped: ../shared/data/attack/enterprise-attack.json is absent.'],
      };
    }
    const { server } = await startMetamorph(ctx, {
      env: {
        METAMORPH_ADMIN_EMAIL: BENCH_ADMIN.email,
        METAMORPH_ADMIN_PASSWORD: BENCH_ADMIN.password,
      },
    });
    const rows: Row[] = [];
    try {
      const cookie = await sessionCookie(server.url);
      const baseline = await procStatusBytes(server.pid, 'VmHWM');
      for (const run of ['first import', 'same bundle again (no-op)']) {
        ctx.log(`attack-import: ${run}`);
        const timing = await importBundle(server.url, cookie, bundle);
        rows.push({
          run,
          'upload s': round(timing.uploadS, 2),
          'total s': round(timing.totalS, 2),
          changed: timing.result?.changed ?? null,
          'server peak RSS MiB': round((await procStatusBytes(server.pid, 'VmHWM')) / MiB, 0),
        });
      }
      rows.push({
        run: 'peak RSS before any import',
        'upload s': null,
        'total s': null,
        changed: null,
        'server peak RSS MiB': round(baseline / MiB, 0),
      });
    } finally {
      await stopServer(server);
    }
    return {
      columns,
      rows,
      params: { database: 'pglite', bundle_bytes: 50_713_170 },
      notes: [
        'total = multipart upload (streamed to disk, stored content-addressed) + job queue + parse + one transaction.',
      ],
    };
  },
};

export default benchmark;
