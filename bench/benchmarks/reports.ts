import { rm } from 'node:fs/promises';
import path from 'node:path';
import { BENCH_ADMIN, sessionCookie } from '../lib/attack.js';
import { startMetamorph } from '../lib/metamorph.js';
import { api } from '../lib/missions.js';
import { noiseJpegs, timedReport, uploadEvidence } from '../lib/report-run.js';
import { seedMission } from '../lib/results-mission.js';
import { stopServer, tempDir } from '../lib/server.js';
import { MiB, round } from '../lib/stats.js';
import type { BenchResult, Benchmark, Row } from '../lib/types.js';

const BIG = { scenarios: 50, perScenario: 20, images: 200 };
const SMALL = { scenarios: 10, perScenario: 20, images: 40 };
const FORMATS = ['pdf', 'docx', 'html'] as const;
const RUNS = [
  'first (right after the uploads)',
  'second',
  'thumbnail cache emptied first',
] as const;
const COLUMNS = [
  'mission',
  'format',
  'run',
  'seconds',
  'MiB out',
  'RSS before MiB',
  'peak RSS MiB',
];

/**
 * Mission reports on the embedded default: a 1,000-test mission with 200 screenshots of 1–3 MB
 * and a 200-test one with 40, each format written twice right after the uploads (which make the
 * thumbnails in the background), the PDF a third time after emptying the thumbnail cache (the
 * report makes them). Peak RSS of the server per report shows whether memory grows with it.
 */
const benchmark: Benchmark = {
  name: 'reports',
  title: 'PDF, DOCX and HTML reports of a 1,000-test mission with 200 evidence images',
  order: 89,
  async run(ctx): Promise<BenchResult> {
    const rows: Row[] = [];
    const notes: string[] = [];
    const { server, dataDir } = await startMetamorph(ctx, {
      env: {
        METAMORPH_ADMIN_EMAIL: BENCH_ADMIN.email,
        METAMORPH_ADMIN_PASSWORD: BENCH_ADMIN.password,
      },
    });
    try {
      const cookie = await sessionCookie(server.url);
      const http = api(server.url, cookie);
      for (const [label, shape, tag] of [
        ['1,000 tests', BIG, ''],
        ['200 tests', SMALL, 's'],
      ] as const) {
        const seeded = await seedMission(ctx, `reports (${label})`, http, server, cookie, notes, {
          ...shape,
          concurrency: 8,
          tag,
        });
        ctx.log(`reports (${label}): making and uploading ${shape.images} screenshots`);
        const dir = tempDir(`shots${tag}`);
        const { files, bytes } = await noiseJpegs(dir, shape.images);
        const uploadS = await uploadEvidence(
          server.url,
          cookie,
          seeded.missionId,
          seeded.testIds,
          files,
        );
        notes.push(
          `${label}: ${files.length} JPEG screenshots, ${round(bytes / MiB, 0)} MiB in all ` +
            `(${round(bytes / files.length / MiB, 2)} MiB each on average), uploaded in ${round(uploadS, 1)} s.`,
        );
        for (const format of FORMATS) {
          // The PDF a third time with the thumbnail cache emptied: the report makes them all.
          for (const run of format === 'pdf' ? [1, 2, 3] : [1, 2]) {
            ctx.log(`reports (${label}): ${format} run ${run}`);
            if (run === 3) {
              await rm(path.join(dataDir, 'cache', 'thumbnails'), { recursive: true, force: true });
            }
            const r = await timedReport(http, server.pid, seeded.missionId, format);
            if (r.status !== 'succeeded') notes.push(`${label} ${format}: ${r.status} ${r.error}`);
            rows.push({
              mission: label,
              format,
              run: RUNS[run - 1]!,
              seconds: round(r.seconds, 2),
              'MiB out': round(r.bytes / MiB, 1),
              'RSS before MiB': round(r.rssBefore / MiB, 0),
              'peak RSS MiB': round(r.peakRss / MiB, 0),
            });
          }
        }
      }
    } finally {
      await stopServer(server);
    }
    notes.push(
      'Seconds: from POST /api/missions/:id/reports to the report answering succeeded (polled ' +
        'every 100 ms): the job claim, the read model, thumbnails, rendering, hashing and storing.',
      'Peak RSS: VmHWM of the server process after a clear_refs reset before each report (the ' +
        'embedded database lives in the same process).',
      'Goal (issue 16): PDF and DOCX < 10 s each for the 1,000-test mission on this 2-core ' +
        'machine, peak RSS flat with mission size.',
    );
    return {
      columns: COLUMNS,
      rows,
      params: { big_tests: BIG.scenarios * BIG.perScenario, big_images: BIG.images },
      notes,
    };
  },
};

export default benchmark;
