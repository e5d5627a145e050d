import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { bounded } from './results.js';
import { procStatusBytes } from './proc.js';
import { uploadFile } from './upload.js';
import type { Api } from './missions.js';

/** Helpers of the reports benchmark: real screenshots, their upload, one timed report. */

/**
 * `count` decodable JPEGs of random pixels (incompressible, so 1–3 MB each as screenshots of
 * busy consoles are), widths spread so the sizes spread; returns paths and total bytes.
 */
export async function noiseJpegs(dir: string, count: number) {
  const files: string[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const width = 1500 + (i % 10) * 110;
    const height = Math.round(width * 0.62);
    const jpeg = await sharp(randomBytes(width * height * 3), {
      raw: { width, height, channels: 3 },
    })
      .jpeg({ quality: 92 })
      .toBuffer();
    const file = path.join(dir, `screenshot-${String(i).padStart(3, '0')}.jpg`);
    await writeFile(file, jpeg);
    files.push(file);
    bytes += jpeg.length;
  }
  return { files, bytes };
}

/** Uploads file i to test ids[(i * stride) % n] as red evidence, 4 at a time. */
export async function uploadEvidence(
  url: string,
  cookie: string,
  missionId: string,
  testIds: readonly string[],
  files: readonly string[],
): Promise<number> {
  const stride = Math.max(1, Math.floor(testIds.length / files.length));
  const t0 = performance.now();
  await bounded(files, 4, async (file, i) => {
    const testId = testIds[(i * stride) % testIds.length]!;
    const res = await uploadFile(
      `${url}/api/missions/${missionId}/tests/${testId}/evidence`,
      cookie,
      file,
      path.basename(file),
      { side: 'red', caption: `Screenshot ${i + 1}` },
    );
    if (res.status !== 201) throw new Error(`upload ${i} answered ${res.status}: ${res.body}`);
  });
  return (performance.now() - t0) / 1000;
}

export interface TimedReport {
  seconds: number;
  bytes: number;
  rssBefore: number;
  peakRss: number;
  status: string;
  error: string | null;
}

interface ReportWire {
  report: { id: string };
}
interface ReportView {
  status: string;
  size_bytes: number | null;
  error: string | null;
}

/**
 * POSTs a report and polls it until written; the server's peak RSS is VmHWM after resetting it
 * (`clear_refs`), the time from the POST to the report's `succeeded`.
 */
export async function timedReport(
  http: Api,
  pid: number,
  missionId: string,
  format: 'pdf' | 'docx' | 'html' | 'xlsx' | 'pptx',
): Promise<TimedReport> {
  await writeFile(`/proc/${pid}/clear_refs`, '5').catch(() => undefined);
  const rssBefore = await procStatusBytes(pid, 'VmRSS');
  const t0 = performance.now();
  const { report } = await http.post<ReportWire>(
    `/api/missions/${missionId}/reports`,
    { format },
    202,
  );
  for (;;) {
    const view = await http.get<ReportView>(`/api/reports/${report.id}`);
    if (view.status === 'succeeded' || view.status === 'failed') {
      return {
        seconds: (performance.now() - t0) / 1000,
        bytes: view.size_bytes ?? 0,
        rssBefore,
        peakRss: await procStatusBytes(pid, 'VmHWM'),
        status: view.status,
        error: view.error,
      };
    }
    if (performance.now() - t0 > 15 * 60_000) throw new Error('report not written in 15 min');
    await new Promise((r) => setTimeout(r, 100));
  }
}
