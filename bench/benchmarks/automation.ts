import { BENCH_ADMIN, importBundle, sessionCookie } from '../lib/attack.js';
import { withPeakRss } from '../lib/archive.js';
import { attireLog, generatedAtomics, libraryKeys, planCsv, postForm } from '../lib/automation.js';
import { uploadAtomics, waitForJob } from '../lib/library.js';
import { startMetamorph } from '../lib/metamorph.js';
import { api } from '../lib/missions.js';
import { miniEnterpriseBundle } from '../lib/results.js';
import { stopServer } from '../lib/server.js';
import { MiB, round } from '../lib/stats.js';
import type { BenchResult, Benchmark, Row } from '../lib/types.js';

const TESTS = 1000;
const PROCEDURES = 500;
const PLAN_ROWS = 1000;
const COLUMNS = ['step', 'input', 'seconds', 'baseline s (parse only)', 'peak RSS MiB', 'result'];

/**
 * Issue 19's figures on the embedded default: an ATTiRe log of 500 procedures into a
 * 1,000-test mission (first import, the same log again, a dry run), and a 1,000-row
 * spreadsheet plan (preview, check, import). The baseline is parsing the same input in the
 * bench process: what the server adds on top of reading the file.
 */
const benchmark: Benchmark = {
  name: 'automation',
  title: 'Automation imports: ATTiRe (500 procedures → 1,000 tests) and a 1,000-row plan (PGlite)',
  order: 91,
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
      await importBundle(server.url, cookie, miniEnterpriseBundle(ctx.repoRoot));
      ctx.log(`automation: ${TESTS} generated Atomic tests into the library`);
      const atomics = generatedAtomics(TESTS);
      await uploadAtomics(server.url, cookie, atomics.files);
      const keys = await libraryKeys(http);
      const ids = atomics.guids.map((g) => keys.get(`art:${g}`)).filter((x): x is string => !!x);
      if (ids.length !== TESTS)
        throw new Error(`library holds ${ids.length} of ${TESTS} generated tests`);
      const client = await http.post<{ id: string }>('/api/clients', { name: 'Bench client' });
      const mission = await http.post<{ id: string }>('/api/missions', {
        client_id: client.id,
        name: 'Automation bench',
      });
      for (let s = 0; s < TESTS / 20; s++) {
        await http.post(`/api/missions/${mission.id}/scenarios`, {
          name: `Scenario ${s}`,
          test_template_ids: ids.slice(s * 20, s * 20 + 20),
        });
      }
      await http.post(`/api/missions/${mission.id}/assets`, { kind: 'target', name: 'WS01' });
      const log = attireLog(atomics.guids.filter((_, i) => i % 2 === 0).slice(0, PROCEDURES));
      const parseStart = performance.now();
      JSON.parse(log.toString());
      const parseS = (performance.now() - parseStart) / 1000;
      const headers = { cookie, 'x-requested-with': 'metamorph' };
      for (const [step, flags] of [
        ['ATTiRe import (fills 500 tests)', {}],
        ['same log again (all unchanged)', {}],
        ['dry run', { dry_run: 'true' }],
      ] as const) {
        ctx.log(`automation: ${step}`);
        const started = performance.now();
        const measured = await withPeakRss(server.pid, async () => {
          const res = await postForm(
            server.url,
            cookie,
            `/api/missions/${mission.id}/import/execution`,
            [
              ...Object.entries(flags).map(([name, v]) => ({ name, content: Buffer.from(v) })),
              { name: 'file', content: log, filename: 'bench-attire.json' },
            ],
          );
          if (res.status !== 202)
            throw new Error(`import answered ${res.status}: ${JSON.stringify(res.json)}`);
          return waitForJob(
            server.url,
            headers,
            (res.json as { job: { id: string } }).job.id,
            started,
          );
        });
        const totals = (measured.value.result as { totals: Record<string, number> }).totals;
        rows.push({
          step,
          input: `${PROCEDURES} procedures, ${round(log.length / MiB, 1)} MiB`,
          seconds: round(measured.value.seconds, 2),
          'baseline s (parse only)': round(parseS, 3),
          'peak RSS MiB': round(measured.peakRss / MiB, 0),
          result: Object.entries(totals)
            .filter(([, n]) => n > 0)
            .map(([k, n]) => `${n} ${k}`)
            .join(', '),
        });
      }
      const sheet = planCsv(PLAN_ROWS);
      const mapping = JSON.stringify({
        name: 'Test case',
        technique_ids: 'ATT&CK',
        objective: 'Goal',
        procedure: 'Steps',
        expected_blue: 'Expected detection',
        platform: 'OS',
      });
      const { parse } = await import('csv-parse/sync');
      const csvStart = performance.now();
      parse(sheet.toString(), { relax_column_count: true });
      const csvS = (performance.now() - csvStart) / 1000;
      for (const [step, parts, expect] of [
        ['plan preview', [], 200],
        [
          'plan check (dry run)',
          [
            { name: 'mapping', content: Buffer.from(mapping) },
            { name: 'dry_run', content: Buffer.from('true') },
          ],
          200,
        ],
        ['plan import (1,000 tests)', [{ name: 'mapping', content: Buffer.from(mapping) }], 201],
      ] as const) {
        ctx.log(`automation: ${step}`);
        const started = performance.now();
        const measured = await withPeakRss(server.pid, () =>
          postForm(server.url, cookie, `/api/missions/${mission.id}/import/plan`, [
            ...parts,
            { name: 'file', content: sheet, filename: 'bench-plan.csv' },
          ]),
        );
        const seconds = (performance.now() - started) / 1000;
        if (measured.value.status !== expect)
          throw new Error(`${step} answered ${measured.value.status}`);
        const body = measured.value.json as { row_count: number; created: number; rows: unknown[] };
        rows.push({
          step,
          input: `${PLAN_ROWS} rows CSV, ${round(sheet.length / 1024, 0)} KiB`,
          seconds: round(seconds, 2),
          'baseline s (parse only)': round(csvS, 3),
          'peak RSS MiB': round(measured.peakRss / MiB, 0),
          result: `${body.row_count} rows, ${body.rows.length} checked, ${body.created} created`,
        });
      }
      notes.push('Seconds: from the POST to the job ending (imports) or to the answer (plan).');
      notes.push('Goal (issue 19): report the figures; there is no target in the issue.');
    } finally {
      await stopServer(server);
    }
    return {
      columns: COLUMNS,
      rows,
      params: { database: 'pglite', tests: TESTS, procedures: PROCEDURES, plan_rows: PLAN_ROWS },
      notes,
    };
  },
};
export default benchmark;
