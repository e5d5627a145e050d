import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { BENCH_ADMIN, sessionCookie } from '../lib/attack.js';
import { startMetamorph } from '../lib/metamorph.js';
import { api } from '../lib/missions.js';
import { procStatusBytes } from '../lib/proc.js';
import { stopServer, tempDir } from '../lib/server.js';
import { round } from '../lib/stats.js';
import type { BenchContext, BenchResult, Benchmark, Row } from '../lib/types.js';
import { randomFile, uploadFile } from '../lib/upload.js';

const MiB = 1024 * 1024;
const BIG = 25 * MiB;
const SMALL = 5 * MiB;
const CONCURRENT = 10;
const REPEATS = 3;

const COLUMNS = [
  'run',
  'file MiB',
  'upload s',
  'MiB/s',
  'sha256sum+cp s',
  'baseline MiB/s',
  'ratio',
  'RSS before MiB',
  'peak RSS MiB',
  'peak − before MiB',
];

const mib = (b: number) => round(b / MiB, 1);

/** Peak VmRSS of a process while `work` runs (sampled every 20 ms). */
async function peakRss<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ value: T; peak: number }> {
  let peak = await procStatusBytes(pid, 'VmRSS');
  let running = true;
  const sampler = (async () => {
    while (running) {
      peak = Math.max(peak, await procStatusBytes(pid, 'VmRSS').catch(() => 0));
      await new Promise((res) => setTimeout(res, 20));
    }
  })();
  try {
    return { value: await work(), peak };
  } finally {
    running = false;
    await sampler;
  }
}

async function run(ctx: BenchContext, notes: string[]): Promise<Row[]> {
  const dir = tempDir('evidence');
  ctx.log('evidence-upload: writing random files');
  const big = Array.from({ length: CONCURRENT }, (_, i) => path.join(dir, `big-${i}.zip`));
  const small = Array.from({ length: CONCURRENT }, (_, i) => path.join(dir, `small-${i}.zip`));
  // Random bytes behind a zip signature: the sniffer accepts them as a zip.
  for (const f of [...big, ...small]) {
    await randomFile(f, f.includes('big') ? BIG : SMALL);
    execFileSync('sh', ['-c', `printf 'PK\\003\\004' | dd of=${f} conv=notrunc status=none`]);
  }
  const { server } = await startMetamorph(ctx, {
    env: {
      METAMORPH_ADMIN_EMAIL: BENCH_ADMIN.email,
      METAMORPH_ADMIN_PASSWORD: BENCH_ADMIN.password,
    },
  });
  try {
    const cookie = await sessionCookie(server.url);
    const http = api(server.url, cookie);
    const client = await http.post<{ id: string }>('/api/clients', { name: 'Bench client' });
    const mission = await http.post<{ id: string }>('/api/missions', {
      client_id: client.id,
      name: 'Bench evidence',
    });
    const tpl = await http.post<{ id: string }>('/api/library/tests', {
      name: 'Bench procedure',
      attack_ids: ['T1059.001'],
    });
    const scenario = await http.post<{ tests: Array<{ id: string }> }>(
      `/api/missions/${mission.id}/scenarios`,
      { test_template_ids: [tpl.id], name: 'Bench' },
    );
    const testId = scenario.tests[0]!.id;
    const url = `${server.url}/api/missions/${mission.id}/tests/${testId}/evidence`;
    const upload = async (file: string) => {
      const res = await uploadFile(url, cookie, file, path.basename(file), { side: 'red' });
      if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${res.body}`);
    };
    const rows: Row[] = [];

    ctx.log('evidence-upload: single 25 MiB uploads against sha256sum + cp');
    for (let i = 0; i < REPEATS; i++) {
      const file = big[i]!;
      const t0 = performance.now();
      await upload(file);
      const uploadS = (performance.now() - t0) / 1000;
      const b0 = performance.now();
      execFileSync('sh', [
        '-c',
        `sha256sum "${file}" >/dev/null && cp "${file}" "${file}.copy" && sync "${file}.copy"`,
      ]);
      const baseS = (performance.now() - b0) / 1000;
      rows.push({
        run: `single upload ${i + 1}`,
        'file MiB': mib(BIG),
        'upload s': round(uploadS, 3),
        'MiB/s': round(BIG / MiB / uploadS, 1),
        'sha256sum+cp s': round(baseS, 3),
        'baseline MiB/s': round(BIG / MiB / baseS, 1),
        ratio: round(baseS / uploadS, 2),
        'RSS before MiB': null,
        'peak RSS MiB': null,
        'peak − before MiB': null,
      });
    }

    for (const [label, files, size] of [
      ['10 concurrent, 5 MiB each', small, SMALL],
      ['10 concurrent, 25 MiB each', big.map((f) => f), BIG],
    ] as const) {
      ctx.log(`evidence-upload: ${label}`);
      // Fresh bytes so nothing is answered as a duplicate.
      for (const f of files)
        execFileSync('sh', [
          '-c',
          `printf '%s' "${label}" | dd of=${f} bs=1 seek=64 conv=notrunc status=none`,
        ]);
      const before = await procStatusBytes(server.pid, 'VmRSS');
      const t0 = performance.now();
      const { peak } = await peakRss(server.pid, () => Promise.all(files.map(upload)));
      const s = (performance.now() - t0) / 1000;
      rows.push({
        run: label,
        'file MiB': mib(size),
        'upload s': round(s, 2),
        'MiB/s': round((CONCURRENT * size) / MiB / s, 1),
        'sha256sum+cp s': null,
        'baseline MiB/s': null,
        ratio: null,
        'RSS before MiB': mib(before),
        'peak RSS MiB': mib(peak),
        'peak − before MiB': mib(peak - before),
      });
    }
    notes.push(
      'ratio = (sha256sum + cp + sync of the same file) time ÷ upload time, in the same run (goal ≥ 0.5). ' +
        'The upload streams over HTTP to a temp file, hashes it, checks its type, fsyncs and renames ' +
        'it into the store, then commits the row, audit entry and change event.',
      'Peak RSS is the server process sampled every 20 ms; it should not grow with file size.',
    );
    return rows;
  } finally {
    await stopServer(server);
  }
}

/** Evidence upload throughput against the shell, and server memory under concurrent uploads. */
const benchmark: Benchmark = {
  name: 'evidence-upload',
  title: 'Evidence upload: 25 MiB throughput, memory under 10 concurrent uploads (PGlite)',
  order: 86,
  async run(ctx): Promise<BenchResult> {
    const notes: string[] = [];
    const rows = await run(ctx, notes);
    return {
      columns: COLUMNS,
      rows,
      params: { big_mib: BIG / MiB, small_mib: SMALL / MiB, concurrent: CONCURRENT },
      notes,
    };
  },
};

export default benchmark;
