import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** `<repo>/../shared/data/atomic-red-team/atomics`, or under METAMORPH_SHARED_DATA. */
export function atomicsTree(repoRoot: string): string | undefined {
  const base = process.env.METAMORPH_SHARED_DATA ?? path.resolve(repoRoot, '../shared/data');
  const dir = path.join(base, 'atomic-red-team', 'atomics');
  try {
    return statSync(dir).isDirectory() ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** The technique YAML files of an atomics tree (`T1003/T1003.yaml`…). */
export function atomicsFiles(dir: string): Array<{ name: string; content: Buffer }> {
  const out: Array<{ name: string; content: Buffer }> = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !/^T\d{4}/.test(entry.name)) continue;
    for (const f of readdirSync(path.join(dir, entry.name))) {
      if (f.endsWith('.yaml')) {
        out.push({ name: f, content: readFileSync(path.join(dir, entry.name, f)) });
      }
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export interface JobOutcome {
  seconds: number;
  result: unknown;
}

/** Polls a job until it ends; throws unless it succeeded. */
export async function waitForJob(
  url: string,
  headers: Record<string, string>,
  id: string,
  started: number,
): Promise<JobOutcome> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const view = (await (await fetch(`${url}/api/jobs/${id}`, { headers })).json()) as {
      status: string;
      error?: string | null;
      result?: unknown;
    };
    if (view.status === 'succeeded') {
      return { seconds: (performance.now() - started) / 1000, result: view.result };
    }
    if (view.status === 'failed' || view.status === 'cancelled') {
      throw new Error(`job ${view.status}: ${view.error ?? ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job did not finish within 300 s');
}

/** Uploads atomics files to POST /api/library/import/atomics and waits for the report. */
export async function uploadAtomics(
  url: string,
  cookie: string,
  files: Array<{ name: string; content: Buffer }>,
): Promise<JobOutcome & { uploadS: number }> {
  const started = performance.now();
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([f.content]), f.name);
  const headers = { cookie, 'x-requested-with': 'metamorph' };
  const res = await fetch(`${url}/api/library/import/atomics`, {
    method: 'POST',
    headers,
    body: form,
  });
  if (res.status !== 202) throw new Error(`import answered ${res.status}: ${await res.text()}`);
  const uploadS = (performance.now() - started) / 1000;
  const { job } = (await res.json()) as { job: { id: string } };
  return { ...(await waitForJob(url, headers, job.id, started)), uploadS };
}
