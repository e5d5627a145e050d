import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Api } from './missions.js';
import { procStatusBytes } from './proc.js';

/** Helpers of the archive benchmark: fake screenshots, a streamed download, the zip baseline. */

/** SOI + a JFIF APP0 segment: what the evidence sniffer (file-type) reads as a JPEG. */
const JPEG_HEAD = Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex');

/**
 * `bytes` of incompressible noise in a JPEG container, as a real photo or screenshot is to
 * deflate (PNG was tried: the sniffer walks its chunks and refuses noise).
 */
export async function fakeJpeg(file: string, bytes: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(JPEG_HEAD);
  for (let left = bytes - JPEG_HEAD.length; left > 0; left -= 1 << 20) {
    if (!out.write(randomBytes(Math.min(left, 1 << 20)))) {
      await new Promise<void>((res) => out.once('drain', () => res()));
    }
  }
  out.end();
  await new Promise<void>((res, rej) => out.on('finish', () => res()).on('error', rej));
}

/** 1–3 MiB, spread evenly over the images (deterministic). */
export const imageSize = (i: number, count: number): number =>
  Math.round((1 + (2 * i) / Math.max(count - 1, 1)) * 1024 * 1024);

export interface StreamedDownload {
  status: number;
  seconds: number;
  bytes: number;
  rssBefore: number;
  peakRss: number;
}

/** Peak VmRSS of `pid` while `work` runs: VmHWM after a clear_refs reset, else 10 ms samples. */
export async function withPeakRss<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ value: T; rssBefore: number; peakRss: number }> {
  let hwm = true;
  try {
    await writeFile(`/proc/${pid}/clear_refs`, '5');
    await readFile(`/proc/${pid}/status`, 'utf8');
  } catch {
    hwm = false;
  }
  const rssBefore = await procStatusBytes(pid, 'VmRSS');
  let sampled = rssBefore;
  const timer = setInterval(() => {
    procStatusBytes(pid, 'VmRSS').then(
      (v) => (sampled = Math.max(sampled, v)),
      () => undefined,
    );
  }, 10);
  try {
    const value = await work();
    const peakRss = hwm ? await procStatusBytes(pid, 'VmHWM') : sampled;
    return { value, rssBefore, peakRss };
  } finally {
    clearInterval(timer);
  }
}

/** GET `url` straight to `file` (never held in memory), timed, with the server's peak RSS. */
export async function downloadToFile(
  url: string,
  cookie: string,
  file: string,
  pid: number,
): Promise<StreamedDownload> {
  const t0 = performance.now();
  const { value, rssBefore, peakRss } = await withPeakRss(pid, async () => {
    const res = await fetch(url, { headers: { cookie } });
    if (!res.ok || !res.body)
      throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
    let bytes = 0;
    const counted = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    counted.on('data', (c: Buffer) => (bytes += c.length));
    await pipeline(counted, createWriteStream(file));
    return { status: res.status, bytes };
  });
  return { ...value, seconds: (performance.now() - t0) / 1000, rssBefore, peakRss };
}

interface JobWire {
  status: string;
  error: string | null;
  result: unknown;
  started_at: string | null;
  finished_at: string | null;
}

/** Polls `GET /api/jobs/:id` every 100 ms until the job has finished. */
export async function waitJob(http: Api, id: string, timeoutMs = 30 * 60_000): Promise<JobWire> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await http.get<JobWire>(`/api/jobs/${id}`);
    if (job.status !== 'queued' && job.status !== 'running') return job;
    if (Date.now() > until) throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

export type Baseline = 'zip/unzip' | 'python3 zipfile';

const has = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Info-ZIP when installed (`apt-get install -y zip unzip`), else Python's zipfile, else none. */
export function pickBaseline(): Baseline | null {
  if (has('zip') && has('unzip')) return 'zip/unzip';
  return has('python3') ? 'python3 zipfile' : null;
}

const PY_ZIP = `
import os, sys, zipfile
out, root = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, 'w') as z:
    for d, _, files in os.walk(root):
        for f in sorted(files):
            p = os.path.join(d, f)
            stored = not f.endswith('.json')
            z.write(p, os.path.relpath(p, root), zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
`;
const PY_UNZIP = `
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
`;

/**
 * Seconds to zip `dir` (run inside it) into `out` as the archive export does: the manifest
 * deflated, the images stored (`zip -n`, no deflate of already-compressed files).
 */
export function zipSeconds(baseline: Baseline, dir: string, out: string): number {
  const t0 = performance.now();
  if (baseline === 'zip/unzip') {
    execFileSync('zip', ['-q', '-r', '-n', '.png:.jpg:.jpeg', out, '.'], { cwd: dir });
  } else execFileSync('python3', ['-c', PY_ZIP, out, dir]);
  return (performance.now() - t0) / 1000;
}

/** Seconds to extract `zip` into `dir` (which must not exist yet or be empty). */
export function unzipSeconds(baseline: Baseline, zip: string, dir: string): number {
  const t0 = performance.now();
  if (baseline === 'zip/unzip') execFileSync('unzip', ['-q', '-o', zip, '-d', dir]);
  else execFileSync('python3', ['-c', PY_UNZIP, zip, dir]);
  execFileSync('sync');
  return (performance.now() - t0) / 1000;
}
