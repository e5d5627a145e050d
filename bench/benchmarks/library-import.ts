import { BENCH_ADMIN, enterpriseBundle, importBundle, sessionCookie } from '../lib/attack.js';
import { atomicsFiles, atomicsTree, uploadAtomics } from '../lib/library.js';
import { startMetamorph } from '../lib/metamorph.js';
import { procStatusBytes } from '../lib/proc.js';
import { stopServer } from '../lib/server.js';
import { MiB, round } from '../lib/stats.js';
import type { BenchResult, Benchmark, Row } from '../lib/types.js';

interface Totals {
  files: number;
  imported: number;
  updated: number;
  unchanged: number;
  failed: number;
}

/** All shared Atomic Red Team files through the API, then the same again (nothing changed). */
const benchmark: Benchmark = {
  name: 'library-import',
  title: 'Atomic Red Team import through POST /api/library/import/atomics (PGlite)',
  order: 70,
  async run(ctx): Promise<BenchResult> {
    const columns = [
      'run',
      'files',
      'imported',
      'updated',
      'unchanged',
      'failed',
      'upload s',
      'total s',
      'server peak RSS MiB',
    ];
    const tree = atomicsTree(ctx.repoRoot);
    if (!tree) {
      return {
        columns,
        rows: [],
        params: { database: 'pglite' },
        notes: ['Skipped: ../shared/data/atomic-red-team/atomics is absent.'],
      };
    }
    const files = atomicsFiles(tree);
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
      const bundle = enterpriseBundle(ctx.repoRoot);
      if (bundle) {
        ctx.log('library-import: importing ATT&CK first (tags resolve against it)');
        await importBundle(server.url, cookie, bundle);
      } else {
        notes.push('ATT&CK bundle absent: every tag is reported unknown.');
      }
      for (const run of ['first import', 'same files again (nothing changed)']) {
        ctx.log(`library-import: ${run}`);
        const out = await uploadAtomics(server.url, cookie, files);
        const report = out.result as { totals: Totals; files: Array<{ file: string }> };
        const totals = report.totals;
        if (totals.files !== files.length) {
          const got = new Set(report.files.map((f) => f.file));
          const lost = files.filter((f) => !got.has(f.name)).map((f) => f.name);
          throw new Error(
            `sent ${files.length} files, the job saw ${totals.files}; missing: ${lost.join(', ')}`,
          );
        }
        rows.push({
          run,
          files: totals.files,
          imported: totals.imported,
          updated: totals.updated,
          unchanged: totals.unchanged,
          failed: totals.failed,
          'upload s': round(out.uploadS, 2),
          'total s': round(out.seconds, 2),
          'server peak RSS MiB': round((await procStatusBytes(server.pid, 'VmHWM')) / MiB, 0),
        });
      }
    } finally {
      await stopServer(server);
    }
    notes.push(
      'total = multipart upload of every technique YAML (streamed to disk, content-addressed) + job: parse, upsert by guid in transactions of 40 files, one audit row per created/updated template.',
    );
    return { columns, rows, params: { database: 'pglite', files: files.length }, notes };
  },
};

export default benchmark;
