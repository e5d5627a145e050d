import { BENCH_ADMIN, sessionCookie } from '../lib/attack.js';
import { startMetamorph } from '../lib/metamorph.js';
import { api } from '../lib/missions.js';
import { timedReport } from '../lib/report-run.js';
import { seedMission } from '../lib/results-mission.js';
import { stopServer } from '../lib/server.js';
import { MiB, round } from '../lib/stats.js';
import type { BenchResult, Benchmark, Row } from '../lib/types.js';

const BIG = { scenarios: 50, perScenario: 20 };
const SMALL = { scenarios: 10, perScenario: 20 };
const RUNS = 2;
const COLUMNS = ['mission', 'run', 'seconds', 'KiB out', 'RSS before MiB', 'peak RSS MiB'];

/**
 * The PPTX readout deck on the embedded default: a 1,000-test mission and a 200-test one (the
 * reports bench's seeding: every test with an outcome), the deck written twice for each. The
 * deck holds the same nine slides whatever the mission's size (its tables show the top rows),
 * so peak RSS should not follow the number of tests beyond the read model itself.
 */
const benchmark: Benchmark = {
  name: 'report-deck',
  title: 'PPTX readout deck of a 1,000-test and a 200-test mission',
  order: 90,
  async run(ctx): Promise<BenchResult> {
    const rows: Row[] = [];
    const notes: string[] = [];
    const { server } = await startMetamorph(ctx, {
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
        const seeded = await seedMission(ctx, `deck (${label})`, http, server, cookie, notes, {
          ...shape,
          concurrency: 8,
          tag,
        });
        for (let run = 1; run <= RUNS; run++) {
          ctx.log(`deck (${label}): run ${run}`);
          const r = await timedReport(http, server.pid, seeded.missionId, 'pptx');
          if (r.status !== 'succeeded') notes.push(`${label} pptx: ${r.status} ${r.error}`);
          rows.push({
            mission: label,
            run,
            seconds: round(r.seconds, 2),
            'KiB out': round(r.bytes / 1024, 0),
            'RSS before MiB': round(r.rssBefore / MiB, 0),
            'peak RSS MiB': round(r.peakRss / MiB, 0),
          });
        }
      }
    } finally {
      await stopServer(server);
    }
    notes.push(
      'Seconds: from POST /api/missions/:id/reports {format: "pptx"} to the report answering ' +
        'succeeded (polled every 100 ms): the job claim, the read model, the heat map rasterised ' +
        'with sharp, the deck built with pptxgenjs, hashing and storing.',
      'Peak RSS: VmHWM of the server process after a clear_refs reset before each deck (the ' +
        'embedded database lives in the same process). No evidence is uploaded: the deck shows none.',
    );
    return {
      columns: COLUMNS,
      rows,
      params: {
        big_tests: BIG.scenarios * BIG.perScenario,
        small_tests: SMALL.scenarios * SMALL.perScenario,
      },
      notes,
    };
  },
};

export default benchmark;
