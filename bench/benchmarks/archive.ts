import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  downloadToFile,
  fakeJpeg,
  imageSize,
  pickBaseline,
  unzipSeconds,
  waitJob,
  withPeakRss,
  zipSeconds,
  type Baseline,
} from '../lib/archive.js';
import { BENCH_ADMIN, importBundle, sessionCookie } from '../lib/attack.js';
import { startMetamorph } from '../lib/metamorph.js';
import { api, missionLibraryDocument, type Api } from '../lib/missions.js';
import { pgUnavailableReason, withTempDatabase } from '../lib/pg.js';
import { MINI_TECHNIQUES, bounded, miniEnterpriseBundle, seedOutcomes } from '../lib/results.js';
import { stopServer, tempDir, type RunningServer } from '../lib/server.js';
import { MiB, round } from '../lib/stats.js';
import type { BenchContext, BenchResult, Benchmark, Row } from '../lib/types.js';
import { uploadFile } from '../lib/upload.js';

/** Knobs for a short trial; the defaults are the mission (1,000 tests, 200 images). */
const intEnv = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer`);
  return v;
};
const PER_SCENARIO = 20;
const SCENARIOS = Math.ceil(intEnv('BENCH_ARCHIVE_TESTS', 1000) / PER_SCENARIO);
const TESTS = SCENARIOS * PER_SCENARIO;
const IMAGES = intEnv('BENCH_ARCHIVE_IMAGES', 200);
const EXPORTS = 2;

const COLUMNS = [
  'database',
  'step',
  'archive MiB',
  'seconds',
  'MiB/s',
  'baseline',
  'baseline s',
  'baseline MiB/s',
  'ratio',
  'peak RSS MiB',
];

const mib = (b: number) => round(b / MiB, 1);

/** The mission: ATT&CK bundle, 1,000 library tests in 50 scenarios, outcomes, 200 images. */
async function seed(
  ctx: BenchContext,
  label: string,
  server: RunningServer,
  cookie: string,
  http: Api,
  dir: string,
) {
  ctx.log(`archive (${label}): ${TESTS} tests in ${SCENARIOS} scenarios`);
  await importBundle(server.url, cookie, miniEnterpriseBundle(ctx.repoRoot));
  await http.post(
    '/api/library/import',
    missionLibraryDocument(TESTS, SCENARIOS, PER_SCENARIO, MINI_TECHNIQUES),
    200,
  );
  const page = await http.get<{ items: Array<{ id: string; key: string }> }>(
    '/api/library/scenarios?limit=200',
  );
  const templates = page.items
    .filter((s) => s.key.startsWith('bench:s'))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const client = await http.post<{ id: string }>('/api/clients', { name: 'Bench archive client' });
  const mission = await http.post<{ id: string }>('/api/missions', {
    client_id: client.id,
    name: 'Bench archive',
  });
  for (const t of templates)
    await http.post(`/api/missions/${mission.id}/scenarios`, { scenario_template_id: t.id });
  const plan = await http.get<{ scenarios: Array<{ tests: Array<{ id: string }> }> }>(
    `/api/missions/${mission.id}/plan`,
  );
  const testIds = plan.scenarios.flatMap((s) => s.tests.map((t) => t.id));
  await seedOutcomes(http, mission.id, testIds, 8);
  ctx.log(`archive (${label}): uploading ${IMAGES} images of 1–3 MiB`);
  let bytes = 0;
  await bounded(
    Array.from({ length: IMAGES }, (_, i) => i),
    4,
    async (i) => {
      const file = path.join(dir, `shot-${String(i).padStart(3, '0')}.jpg`);
      await fakeJpeg(file, imageSize(i, IMAGES));
      const { size } = await stat(file);
      bytes += size;
      const testId = testIds[(i * 5) % testIds.length]!;
      const url = `${server.url}/api/missions/${mission.id}/tests/${testId}/evidence`;
      const res = await uploadFile(url, cookie, file, path.basename(file), {
        side: i % 4 === 0 ? 'blue' : 'red',
      });
      if (res.status !== 201)
        throw new Error(`evidence upload answered ${res.status}: ${res.body}`);
      await rm(file);
    },
  );
  return { missionId: mission.id, evidenceBytes: bytes };
}

function row(
  label: string,
  step: string,
  bytes: number,
  seconds: number,
  baseline: Baseline | null,
  baseS: number | null,
  peak: number | null,
): Row {
  return {
    database: label,
    step,
    'archive MiB': mib(bytes),
    seconds: round(seconds, 2),
    'MiB/s': round(bytes / MiB / seconds, 1),
    baseline: baseline ?? 'none',
    'baseline s': baseS === null ? null : round(baseS, 2),
    'baseline MiB/s': baseS === null ? null : round(bytes / MiB / baseS, 1),
    ratio: baseS === null ? null : round(baseS / seconds, 2),
    'peak RSS MiB': peak === null ? null : mib(peak),
  };
}

async function measure(
  ctx: BenchContext,
  label: string,
  notes: string[],
  databaseUrl?: string,
): Promise<Row[]> {
  const dir = tempDir('archive');
  const baseline = pickBaseline();
  if (!baseline) notes.push('No zip/unzip nor python3: baseline columns are empty.');
  else if (baseline !== 'zip/unzip')
    notes.push(`zip/unzip are not installed: the baseline is ${baseline}.`);
  const { server } = await startMetamorph(ctx, {
    ...(databaseUrl ? { databaseUrl } : {}),
    env: {
      METAMORPH_ADMIN_EMAIL: BENCH_ADMIN.email,
      METAMORPH_ADMIN_PASSWORD: BENCH_ADMIN.password,
    },
  });
  const rows: Row[] = [];
  try {
    const cookie = await sessionCookie(server.url);
    const http = api(server.url, cookie);
    const t0 = performance.now();
    const { missionId, evidenceBytes } = await seed(ctx, label, server, cookie, http, dir);
    notes.push(
      `${label}: seeding took ${round((performance.now() - t0) / 1000, 1)} s; ${IMAGES} images, ${mib(evidenceBytes)} MiB.`,
    );
    const zip = path.join(dir, 'mission.zip');
    for (let i = 1; i <= EXPORTS; i++) {
      ctx.log(`archive (${label}): export ${i}`);
      const d = await downloadToFile(
        `${server.url}/api/missions/${missionId}/archive`,
        cookie,
        zip,
        server.pid,
      );
      // The same files, as zip would pack them: the archive's own contents, extracted.
      const files = path.join(dir, `files-${i}`);
      await mkdir(files);
      let baseS: number | null = null;
      if (baseline) {
        unzipSeconds(baseline, zip, files);
        baseS = zipSeconds(baseline, files, path.join(dir, `baseline-${i}.zip`));
        await rm(path.join(dir, `baseline-${i}.zip`));
      }
      await rm(files, { recursive: true });
      rows.push(
        row(label, `export ${i} (GET …/archive)`, d.bytes, d.seconds, baseline, baseS, d.peakRss),
      );
    }
    ctx.log(`archive (${label}): import`);
    const size = (await stat(zip)).size;
    const t1 = performance.now();
    const imported = await withPeakRss(server.pid, async () => {
      const res = await uploadFile(`${server.url}/api/missions/import`, cookie, zip, 'mission.zip');
      if (res.status !== 202) throw new Error(`import answered ${res.status}: ${res.body}`);
      const { job } = JSON.parse(res.body) as { job: { id: string } };
      return waitJob(http, job.id);
    });
    const importS = (performance.now() - t1) / 1000;
    if (imported.value.status !== 'succeeded')
      throw new Error(`import failed: ${imported.value.error}`);
    const report = imported.value.result as { counts: { tests: number; evidence: number } };
    let unzipS: number | null = null;
    if (baseline) {
      const out = path.join(dir, 'unzipped');
      unzipS = unzipSeconds(baseline, zip, out);
      await rm(out, { recursive: true });
    }
    rows.push(
      row(label, 'import (upload + job)', size, importS, baseline, unzipS, imported.peakRss),
    );
    notes.push(
      `${label}: the import created ${report.counts.tests} tests and ${report.counts.evidence} evidence files.`,
    );
  } finally {
    await stopServer(server);
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

/** Mission archive export and import of a 1,000-test mission with 200 images, against zip/unzip. */
const benchmark: Benchmark = {
  name: 'archive',
  title: `Mission archive: export and import of ${TESTS} tests with ${IMAGES} images of 1–3 MiB, against zip/unzip`,
  order: 92,
  async run(ctx): Promise<BenchResult> {
    const notes: string[] = [];
    const rows = await measure(ctx, 'PGlite', notes);
    const unavailable = await pgUnavailableReason();
    if (unavailable) notes.push(`PostgreSQL rows skipped: ${unavailable}`);
    else rows.push(...(await withTempDatabase((url) => measure(ctx, 'PostgreSQL', notes, url))));
    notes.push(
      'ratio = baseline time ÷ Metamorph time on the same files in the same run (goal ≥ 0.5). Export: GET …/archive streamed to disk vs `zip -r -n .jpg` of the same files (manifest deflated, images stored, as the export does). Import: upload + the mission.import job (every check, every SHA-256, staging with fsync, one transaction) vs `unzip` + `sync` of the same archive.',
      'Peak RSS is the server process (VmHWM after a clear_refs reset): it should not grow with the archive size.',
    );
    return {
      columns: COLUMNS,
      rows,
      params: { tests: TESTS, images: IMAGES, exports: EXPORTS },
      notes,
    };
  },
};

export default benchmark;
